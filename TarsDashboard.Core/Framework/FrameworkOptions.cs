namespace TarsDashboard.Core.Framework;

/// <summary>Binds the <c>Framework</c> section: where an existing Tars framework (tarsregistry) is, if any.</summary>
public sealed class FrameworkOptions
{
    public const string SectionName = "Framework";

    /// <summary>
    /// The registry's locator, e.g. <c>tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890</c>. Empty: found from
    /// db_tars (the registry's own adapter rows) when a framework has registered there, else none.
    /// </summary>
    public string Locator { get; set; } = "";

    /// <summary>A <c>t_node_info.last_heartbeat</c> newer than this means a real tarsnode owns the node.</summary>
    public int HeartbeatFreshSeconds { get; set; } = 300;

    /// <summary>How long one call to the framework may take.</summary>
    public int CallTimeoutSeconds { get; set; } = 10;
}
