namespace TarsDashboard.Core.Live;

/// <summary>Binds the <c>Redis</c> section: set only when several dashboard instances share one database.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis1:6379,password=…</c>.
    /// Empty (the default): one instance, the in-process event bus, and no Redis client at all.
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefixes every channel (SignalR's backplane and the live events), so several dashboards can share a Redis.</summary>
    public string ChannelPrefix { get; set; } = "tdash";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The pub/sub channel of the live event bus.</summary>
    public string LiveEventChannel => $"{ChannelPrefix}:live-events";
}
