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

    /// <summary>How often a task sent to tarsAdminRegistry is asked for its progress (<c>getTaskRsp</c>).</summary>
    public int TaskPollMilliseconds { get; set; } = 500;

    /// <summary>
    /// How long tarsAdminRegistry may stay unreachable (or forget the task) while a task runs before its unfinished
    /// items are shown as failed with "framework unreachable".
    /// </summary>
    public int TaskUnreachableSeconds { get; set; } = 15;

    /// <summary>
    /// The longest a delegated task is followed. tarsAdminRegistry keeps a task in memory for 300 s and waits up to
    /// 300 s for a publish, so past this the task cannot end any more.
    /// </summary>
    public int TaskTimeoutSeconds { get; set; } = 330;

    /// <summary>
    /// The folder tarspatch reads uploaded packages from (its <c>upload</c> directory, which the Tars web platform
    /// calls <c>pkgUploadPath</c>, e.g. <c>/usr/local/app/patchs/tars.upload</c>); packages go to
    /// <c>&lt;folder&gt;/&lt;App&gt;/&lt;Server&gt;/</c>. Empty: publishing to tarsnode-managed nodes is refused.
    /// </summary>
    public string PatchFolder { get; set; } = "";
}
