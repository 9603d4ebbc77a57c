using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The grant a log source needs. A service's own output is its developers' business: the container named
/// <c>App.Server</c> (tarsnode's naming), files below <c>&lt;root&gt;/App/Server/</c> in that container, tarsnode's
/// per-service log <c>&lt;root&gt;/tars/tarsnode/tars.tarsnode.App.Server.log</c> (where a failed start is explained), and
/// the service journal need <see cref="Permission.TailLogs"/> on that service. Anything else on a node — other
/// containers (tarsnode itself, by id or any other name), other files, the node journal — can show every service's
/// data and needs <see cref="Permission.ManageNodes"/>.
/// </summary>
public static class LogSourceAccess
{
    public static (Permission Permission, AccessTarget Target) Required(LogSourceId id, string serviceLogRoot = LogOptions.DefaultServiceLogRoot)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(serviceLogRoot);
        var (application, server) = id.Kind switch
        {
            LogSourceKind.ServiceJournal => (id.Application, id.Server),
            LogSourceKind.Container => ServiceOf(id.Container),
            LogSourceKind.File => ServiceOfFile(id, serviceLogRoot.TrimEnd('/')),
            _ => (null, null),
        };
        return application is not null && server is not null
            ? (Permission.TailLogs, AccessTarget.Service(application, server))
            : (Permission.ManageNodes, AccessTarget.Global);
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

        const string prefix = "tars.tarsnode.", suffix = ".log";
        var nodeLogs = $"{root}/tars/tarsnode/";
        if (!id.Path.StartsWith(nodeLogs, StringComparison.Ordinal))
        {
            return (null, null);
        }

        var name = id.Path[nodeLogs.Length..];
        return name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal)
            && name.Length > prefix.Length + suffix.Length
            ? ServiceOf(name[prefix.Length..^suffix.Length])
            : (null, null);
    }
}
