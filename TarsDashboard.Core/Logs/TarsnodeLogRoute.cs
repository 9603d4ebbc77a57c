namespace TarsDashboard.Core.Logs;

/// <summary>How tarsnode's logs are reached on a node.</summary>
public enum TarsnodeLogRoute
{
    /// <summary>Not at all: no tarsnode container on the node's engine and no framework, or the caller may open none.</summary>
    None,

    /// <summary>As files inside the tarsnode container, through the node's Docker engine (<c>file:</c> sources).</summary>
    Engine,

    /// <summary>Through tarsAdminRegistry and the node's tarsnode (<c>tarslog:</c> sources).</summary>
    Framework,
}
