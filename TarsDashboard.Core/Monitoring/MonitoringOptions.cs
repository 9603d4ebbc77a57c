namespace TarsDashboard.Core.Monitoring;

/// <summary>Binds the <c>Monitoring</c> section: live sampling, what history keeps and for how long.</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    /// <summary>Samples kept in memory per followed container (about one a second), what a new chart shows at once.</summary>
    public int RingCapacity { get; set; } = 600;

    /// <summary>A container's stats stream nobody follows or records is stopped after this many seconds.</summary>
    public double LingerSeconds { get; set; } = 10;

    /// <summary>Whether service containers are recorded into the database's history.</summary>
    public bool RecordHistory { get; set; } = true;

    /// <summary>
    /// How often the recorder lists every engine's containers. Starts and stops reach it at once from the engine event
    /// stream; this slow listing only catches what was missed while an event stream was down.
    /// </summary>
    public double DiscoverySeconds { get; set; } = 300;

    /// <summary>Width of a fine history point.</summary>
    public int FinePointSeconds { get; set; } = 10;

    /// <summary>How long fine points are kept.</summary>
    public double FineRetentionHours { get; set; } = 24;

    /// <summary>Width of a coarse history point.</summary>
    public int CoarsePointSeconds { get; set; } = 300;

    /// <summary>How long coarse points are kept.</summary>
    public double CoarseRetentionDays { get; set; } = 30;

    /// <summary>How often points past their retention are deleted.</summary>
    public double PruneMinutes { get; set; } = 10;

    /// <summary>How long a live follow trusts the grant it checked: a revoked grant ends it within this time.</summary>
    public double GrantRefreshSeconds { get; set; } = 5;

    public bool IsValid() =>
        RingCapacity is >= 10 and <= 100_000 && LingerSeconds >= 0 && DiscoverySeconds > 0
        && FinePointSeconds > 0 && CoarsePointSeconds > FinePointSeconds && FineRetentionHours > 0
        && CoarseRetentionDays > 0 && PruneMinutes > 0 && GrantRefreshSeconds > 0;
}
