using System.Globalization;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Statistics;

namespace TarsDashboard.Core.Releases;

/// <summary>
/// The Tars statistics gate: the upgraded instances may not fail calls more often than those not yet upgraded, over
/// the same span of time. tarsstat writes 5-minute slots, so a wait shorter than that compares little.
/// </summary>
internal sealed class FailureRateGate(TarsStatisticsService statistics, IOptions<ReleaseOptions> options)
{
    public async Task<GateVerdict> CheckAsync(Caller caller, string application, string server, IReadOnlyCollection<string> upgraded,
        IReadOnlyCollection<string> others, LogTimeRange range, CancellationToken cancellationToken)
    {
        if (!statistics.HasCallStatistics)
        {
            return GateVerdict.Pass("failure rate not compared: no tarsstat database is configured");
        }

        var byHost = await statistics.CallsByHostAsync(caller, application, server, range, cancellationToken);
        CallTotals Of(IEnumerable<string> nodes) => CallTotals.Sum(nodes.Select(n => byHost.GetValueOrDefault(n, new CallTotals(0, 0, 0))));
        return Compare(Of(upgraded), others.Count == 0 ? null : Of(others), options.Value.FailureRateMinCalls, options.Value.FailureRateMargin);
    }

    /// <summary>The decision, apart from where the numbers come from.</summary>
    /// <param name="others">The instances not yet upgraded; null when none is left to compare with.</param>
    public static GateVerdict Compare(CallTotals upgraded, CallTotals? others, long minCalls, double margin)
    {
        if (others is null)
        {
            return GateVerdict.Pass("failure rate not compared: no instance is left on the old version");
        }

        if (upgraded.Total < minCalls)
        {
            return GateVerdict.Pass($"failure rate not compared: {Count(upgraded.Total)} calls to the upgraded instances, fewer than {Count(minCalls)}");
        }

        var text = $"{Percent(upgraded.FailureRate)} of {Count(upgraded.Total)} calls failed on the upgraded instances, " +
            $"{Percent(others.FailureRate)} of {Count(others.Total)} on the others";
        return upgraded.FailureRate > others.FailureRate + margin ? GateVerdict.Fail(text) : GateVerdict.Pass(text);
    }

    private static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);
}
