namespace TarsDashboard.Core.Services;

/// <summary>Where tarsnode keeps a service on its node: the service folder and the shared log folder.</summary>
public static class ServiceFolders
{
    /// <summary>tarsnode's data folder; each service has <c>&lt;App&gt;.&lt;Server&gt;</c> in it.</summary>
    public const string NodeDataDir = "/usr/local/app/tars/tarsnode/data";

    /// <summary>The log root (logpath); a service logs under <c>&lt;App&gt;/&lt;Server&gt;/</c> in it.</summary>
    public const string LogDir = "/usr/local/app/tars/app_log";

    /// <summary><c>/usr/local/app/tars/tarsnode/data/App.Server</c>: binaries, generated config and start script.</summary>
    public static string ServerDir(string application, string serverName) => $"{NodeDataDir}/{application}.{serverName}";
}
