namespace TarsDashboard.Core.Logs;

/// <summary>Binds the <c>Logs</c> section: how much each source keeps and how it follows its engine.</summary>
public sealed class LogOptions
{
    public const string SectionName = "Logs";

    /// <summary>Where Tars writes service logs inside containers (<c>&lt;logpath&gt;/&lt;App&gt;/&lt;Server&gt;/</c>).</summary>
    public const string DefaultServiceLogRoot = "/usr/local/app/tars/app_log";

    /// <summary>Lines kept per followed container or file; the oldest are dropped first (readers see a gap marker).</summary>
    public int BufferCapacity { get; set; } = LogRingBuffer.DefaultCapacity;

    /// <summary>Lines kept per node or service journal (there is one per node and per service, so they are smaller).</summary>
    public int JournalCapacity { get; set; } = 5_000;

    /// <summary>History read from the engine when a source starts, at least what its first viewer asked for.</summary>
    public int InitialTailLines { get; set; } = 1_000;

    /// <summary>The engine stream of a source nobody watches any more is stopped after this many seconds.</summary>
    public double LingerSeconds { get; set; } = 15;

    /// <summary>Upper bound of the back-off between reconnects to an engine that dropped or refused the stream.</summary>
    public double MaxRetrySeconds { get; set; } = 10;

    /// <summary>How often a stopped container is checked for having started again.</summary>
    public double ContainerPollSeconds { get; set; } = 1;

    /// <summary>How long a new viewer waits for a starting source's history before it follows whatever has arrived.</summary>
    public double HistoryTimeoutSeconds { get; set; } = 10;

    /// <summary>Lines a resumed file follow re-reads to find where it left off.</summary>
    public int FileResumeLines { get; set; } = 1_000;

    /// <summary>Root of the service log folders; a service's developers may follow files below their own folder.</summary>
    public string ServiceLogRoot { get; set; } = DefaultServiceLogRoot;

    /// <summary>How long a stream trusts the grants it checked: a revoked grant ends a stream within this time.</summary>
    public double GrantRefreshSeconds { get; set; } = 5;

    /// <summary>How often a Tars log file read through the framework (tarsnode's getLogData) is asked whether it grew.</summary>
    public double TarsPollSeconds { get; set; } = 1;

    /// <summary>
    /// The zone of the stamps in log files (IANA id such as <c>Asia/Shanghai</c>, or <c>UTC</c>). Empty: each node's
    /// engine says its own (<see cref="NodeTimeZone"/>), and a node without one uses the dashboard's.
    /// </summary>
    public string FileTimeZone { get; set; } = "";

    /// <summary>The zone <see cref="FileTimeZone"/> names, or null when it is empty (or names no zone this machine knows).</summary>
    public TimeZoneInfo? ConfiguredFileTimeZone() =>
        string.IsNullOrWhiteSpace(FileTimeZone) ? null
        : TimeZoneInfo.TryFindSystemTimeZoneById(FileTimeZone.Trim(), out var zone) ? zone : null;

    /// <summary>
    /// A history search of a log file at least this large starts near its range, found by searching the file by time
    /// (<see cref="FileTimeSeek"/>); smaller files are read from their start, which is quicker for them.
    /// </summary>
    public int FileSeekMinMegabytes { get; set; } = 256;

    /// <summary>True when every value is usable; checked at start.</summary>
    public bool IsValid() =>
        BufferCapacity is >= 100 and <= 10_000_000
        && JournalCapacity is >= 10 and <= 1_000_000
        && InitialTailLines >= 0
        && LingerSeconds >= 0 && MaxRetrySeconds > 0 && ContainerPollSeconds > 0 && HistoryTimeoutSeconds > 0
        && FileResumeLines is >= 10 and <= 100_000
        && GrantRefreshSeconds > 0 && TarsPollSeconds > 0
        && (string.IsNullOrWhiteSpace(FileTimeZone) || ConfiguredFileTimeZone() is not null)
        && FileSeekMinMegabytes >= 0
        && LogSourceId.TryParse($"file:node:container:{ServiceLogRoot.TrimEnd('/')}", out _, out _);
}
