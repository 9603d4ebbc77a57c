namespace TarsDashboard.Core.Statistics;

/// <summary>One interface of a service in one reporting slot (tarsstat reports every 5 minutes by default).</summary>
/// <param name="Time">The slot's start.</param>
/// <param name="Interface">The servant function called (<c>interface_name</c>).</param>
/// <param name="Succeeded">Calls that returned (<c>succ_count</c>, summed over callers and instances).</param>
/// <param name="TimedOut">Calls that timed out.</param>
/// <param name="Failed">Calls that failed with an exception.</param>
/// <param name="AverageMs">Total response time over succeeded calls, in ms (0 without any).</param>
public sealed record CallStatPoint(DateTimeOffset Time, string Interface, long Succeeded, long TimedOut, long Failed, double AverageMs)
{
    public long Total => Succeeded + TimedOut + Failed;

    /// <summary>Failed and timed-out calls over all calls, 0 to 1.</summary>
    public double FailureRate => Total == 0 ? 0 : (double)(TimedOut + Failed) / Total;
}
