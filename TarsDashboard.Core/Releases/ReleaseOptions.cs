namespace TarsDashboard.Core.Releases;

/// <summary>The <c>Releases</c> settings: how health gates look and compare.</summary>
public sealed class ReleaseOptions
{
    public const string SectionName = "Releases";

    /// <summary>Seconds between two looks at an upgraded instance during a batch's wait.</summary>
    public double GatePollSeconds { get; set; } = 1;

    /// <summary>
    /// How much higher (as a share, 0.01 = one percentage point) the upgraded instances' failure rate may be than the
    /// others' before the failure-rate gate fails.
    /// </summary>
    public double FailureRateMargin { get; set; } = 0.01;

    /// <summary>Fewer calls than this to the upgraded instances prove nothing: the failure-rate gate passes and says so.</summary>
    public long FailureRateMinCalls { get; set; } = 20;

    public bool IsValid() => GatePollSeconds is > 0 and <= 60 && FailureRateMargin is >= 0 and <= 1 && FailureRateMinCalls >= 0;
}
