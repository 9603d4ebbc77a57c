using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The grant a log source needs. A service's own output is its developers' business: the container named
/// <c>App.Server</c> (tarsnode's naming), files below <c>&lt;root&gt;/App/Server/</c> in that container, the service's
/// Tars log files read through the framework (<c>tarslog:NODE:App.Server:FILE</c>), tarsnode's per-service log
/// <c>tars.tarsnode.App.Server.log</c> (where a failed start is explained; in a container at
/// <c>&lt;root&gt;/tars/tarsnode/</c>, or through the framework), and the service journal need
/// <see cref="Permission.TailLogs"/> on that service. tarsnode's own log (any other file in its folder, by either
/// route) speaks of every service on the node: it needs an operator on <c>*</c> (<see cref="Permission.OperateService"/>
/// on everything), who operates all of them anyway. Anything else on a node — other containers (tarsnode itself, by
/// id or any other name), other files, the node journal — can show every service's data and needs
/// <see cref="Permission.ManageNodes"/>.
/// </summary>
public static class LogSourceAccess
{
    /// <summary>tarsnode's own Tars log folder, <c>&lt;logpath&gt;/tars/tarsnode/</c>, as application and server.</summary>
    public const string TarsnodeApplication = "tars";

    public const string TarsnodeServer = "tarsnode";

    private const string PerServicePrefix = "tars.tarsnode.", LogSuffix = ".log";

    private static readonly (Permission, AccessTarget) NodeOperator = (Permission.OperateService, AccessTarget.Global);

    public static (Permission Permission, AccessTarget Target) Required(LogSourceId id, string serviceLogRoot = LogOptions.DefaultServiceLogRoot)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(serviceLogRoot);
        if (id.Kind == LogSourceKind.TarsLog)
        {
            return RequiredForTarsLog(id);
        }

        var (application, server) = id.Kind switch
        {
            LogSourceKind.ServiceJournal => (id.Application, id.Server),
            LogSourceKind.Container => ServiceOf(id.Container),
            LogSourceKind.File => ServiceOfFile(id, serviceLogRoot.TrimEnd('/')),
            _ => (null, null),
        };
        if (application is not null && server is not null)
        {
            return (Permission.TailLogs, AccessTarget.Service(application, server));
        }

        return id.Kind == LogSourceKind.File && IsInTarsnodeFolder(id.Path, serviceLogRoot.TrimEnd('/'))
            ? NodeOperator
            : (Permission.ManageNodes, AccessTarget.Global);
    }

    /// <summary>True for tarsnode's own folder (<c>tars.tarsnode</c>), whose files concern every service of the node.</summary>
    public static bool IsTarsnode(string application, string server) =>
        application == TarsnodeApplication && server == TarsnodeServer;

    /// <summary>The service a tarsnode log file name is about (<c>tars.tarsnode.App.Server.log</c>), or nulls for tarsnode's own.</summary>
    public static (string? Application, string? Server) ServiceOfTarsnodeLog(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return fileName.StartsWith(PerServicePrefix, StringComparison.Ordinal) && fileName.EndsWith(LogSuffix, StringComparison.Ordinal)
            && fileName.Length > PerServicePrefix.Length + LogSuffix.Length
            ? ServiceOf(fileName[PerServicePrefix.Length..^LogSuffix.Length])
            : (null, null);
    }

    private static (Permission, AccessTarget) RequiredForTarsLog(LogSourceId id)
    {
        if (!IsTarsnode(id.Application, id.Server))
        {
            return (Permission.TailLogs, AccessTarget.Service(id.Application, id.Server));
        }

        var (application, server) = ServiceOfTarsnodeLog(id.LogFile);
        return application is not null && server is not null
            ? (Permission.TailLogs, AccessTarget.Service(application, server))
            : NodeOperator;
    }

    private static (string? Application, string? Server) ServiceOf(string name) =>
        LogSourceId.TryParseServiceName(name, out var application, out var server) ? (application, server) : (null, null);

    private static (string? Application, string? Server) ServiceOfFile(LogSourceId id, string root)
    {
        var (application, server) = ServiceOf(id.Container);
        if (application is not null && id.Path.StartsWith($"{root}/{application}/{server}/", StringComparison.Ordinal))
        {
            return (application, server);
        }

        return IsInTarsnodeFolder(id.Path, root) ? ServiceOfTarsnodeLog(id.Path[TarsnodeFolder(root).Length..]) : (null, null);
    }

    // A log file directly in <root>/tars/tarsnode/ (a deeper path is anything at all).
    private static bool IsInTarsnodeFolder(string path, string root)
    {
        var folder = TarsnodeFolder(root);
        return path.StartsWith(folder, StringComparison.Ordinal) && LogSourceId.IsLogFileName(path[folder.Length..]);
    }

    private static string TarsnodeFolder(string root) => $"{root}/{TarsnodeApplication}/{TarsnodeServer}/";
}
