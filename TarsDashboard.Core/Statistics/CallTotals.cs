namespace TarsDashboard.Core.Statistics;

/// <summary>Calls summed over a range: succeeded, timed out and failed (exceptions).</summary>
public sealed record CallTotals(long Succeeded, long TimedOut, long Failed)
{
    public long Total => Succeeded + TimedOut + Failed;

    /// <summary>Failed and timed-out calls as a share of all calls (0-1); 0 with no calls.</summary>
    public double FailureRate => Total == 0 ? 0 : (double)(TimedOut + Failed) / Total;

    public static CallTotals Sum(IEnumerable<CallTotals> totals) =>
        totals.Aggregate(new CallTotals(0, 0, 0), (a, b) => new CallTotals(a.Succeeded + b.Succeeded, a.TimedOut + b.TimedOut, a.Failed + b.Failed));
}
