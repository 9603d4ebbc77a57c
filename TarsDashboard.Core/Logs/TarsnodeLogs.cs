using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// One click to tarsnode's logs. For a node, tarsnode's own log (<c>tars.tarsnode.log</c>); for a service on it,
/// tarsnode's per-service log (<c>tars.tarsnode.App.Server.log</c>, where a failed start is explained) and the service's
/// own <c>App.Server.log</c>, with the service's container output when asked and there is a container. Each log
/// takes the engine route when the node's engine runs a tarsnode container (<see cref="TarsnodeContainerFinder"/>; no
/// framework call), else the framework route (tarsAdminRegistry and tarsnode, when a locator is configured); of those
/// only what the caller may open (a developer may not read the service's files inside the tarsnode container, so gets
/// them through the framework). Cheap enough to run on a click: no framework call, one engine listing.
/// </summary>
public sealed class TarsnodeLogs
{
    private readonly NodeRepository nodes;
    private readonly DockerClientPool pool;
    private readonly TarsLogChannel framework;
    private readonly AccessControl access;
    private readonly IOptions<LogOptions> options;
    private readonly ILogger<TarsnodeLogs> logger;

    internal TarsnodeLogs(
        NodeRepository nodes,
        DockerClientPool pool,
        TarsLogChannel framework,
        AccessControl access,
        IOptions<LogOptions> options,
        ILogger<TarsnodeLogs> logger)
    {
        this.nodes = nodes;
        this.pool = pool;
        this.framework = framework;
        this.access = access;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>tarsnode's own log file, in <c>&lt;logpath&gt;/tars/tarsnode/</c>.</summary>
    public const string OwnLogFile = "tars.tarsnode.log";

    // An engine that does not answer quickly is skipped for the framework, not waited for.
    private static readonly TimeSpan EngineBudget = TimeSpan.FromSeconds(5);

    /// <summary>tarsnode's log about one service, beside its own log.</summary>
    public static string PerServiceLogFile(string application, string server) => $"tars.tarsnode.{application}.{server}.log";

    /// <summary>The log sources to open for <paramref name="node"/> (and the service <c>application.server</c> when given).</summary>
    /// <param name="routes">The routes allowed, e.g. only <see cref="TarsnodeLogRoutes.Engine"/> on a node the framework does not manage.</param>
    /// <param name="withContainerOutput">Add the service container's output (<c>container:NODE:App.Server</c>) when it exists.</param>
    /// <exception cref="ArgumentException">The node or service name is not one a log source accepts.</exception>
    public async Task<TarsnodeLogSet> ResolveAsync(Caller caller, string node, string? application = null, string? server = null,
        TarsnodeLogRoutes routes = TarsnodeLogRoutes.Any, bool withContainerOutput = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        _ = LogSourceId.ForNodeJournal(node); // the node's name is checked by the id rules
        var service = application is null && server is null ? null : $"{application}.{server}";
        if (service is not null && !LogSourceId.TryParseServiceName(service, out _, out _))
        {
            throw new ArgumentException($"'{service}' is not a Tars service name (App.Server).");
        }

        var root = options.Value.ServiceLogRoot.TrimEnd('/');
        var tarsnodeFolder = $"{root}/{LogSourceAccess.TarsnodeApplication}/{LogSourceAccess.TarsnodeServer}";
        var engine = routes.HasFlag(TarsnodeLogRoutes.Engine)
            ? await InspectEngineAsync(node, $"{tarsnodeFolder}/{OwnLogFile}", withContainerOutput ? service : null, cancellationToken).ConfigureAwait(false)
            : default;
        var viaFramework = routes.HasFlag(TarsnodeLogRoutes.Framework) && await framework.IsConfiguredAsync(cancellationToken).ConfigureAwait(false);

        // Each wanted log: the tarsnode-folder or service-folder file, as (application, server, file name, path).
        List<(string Application, string Server, string File, string Path)> wanted = service is null
            ? [(LogSourceAccess.TarsnodeApplication, LogSourceAccess.TarsnodeServer, OwnLogFile, $"{tarsnodeFolder}/{OwnLogFile}")]
            :
            [
                (LogSourceAccess.TarsnodeApplication, LogSourceAccess.TarsnodeServer, PerServiceLogFile(application!, server!),
                    $"{tarsnodeFolder}/{PerServiceLogFile(application!, server!)}"),
                (application!, server!, $"{service}.log", $"{root}/{application}/{server}/{service}.log"),
            ];
        var grants = await access.LoadGrantsAsync(caller, cancellationToken).ConfigureAwait(false);
        var sources = new List<LogSourceId>();
        var route = TarsnodeLogRoute.None;
        var offered = false;
        foreach (var log in wanted)
        {
            var candidates = new List<(LogSourceId Id, TarsnodeLogRoute Route)>();
            if (engine.TarsnodeContainer is { } container)
            {
                candidates.Add((LogSourceId.ForFile(node, container, log.Path), TarsnodeLogRoute.Engine));
            }

            if (viaFramework)
            {
                candidates.Add((LogSourceId.ForTarsLog(node, log.Application, log.Server, log.File), TarsnodeLogRoute.Framework));
            }

            offered |= candidates.Count > 0;
            if (candidates.FirstOrDefault(c => MayOpen(grants, c.Id)) is ({ } id, var taken))
            {
                sources.Add(id);
                route = route == TarsnodeLogRoute.None ? taken : route;
            }
        }

        if (engine.ServiceContainerExists && service is not null)
        {
            var output = LogSourceId.ForContainer(node, service);
            offered = true;
            if (MayOpen(grants, output))
            {
                sources.Add(output);
            }
        }

        return new TarsnodeLogSet(sources, route, engine.TarsnodeContainer, Denied: offered && sources.Count == 0);
    }

    private bool MayOpen(IReadOnlyList<Grant> grants, LogSourceId id)
    {
        var (permission, target) = LogSourceAccess.Required(id, options.Value.ServiceLogRoot);
        return AccessControl.IsAllowed(grants, permission, target);
    }

    /// <summary>Which container on the node's engine holds tarsnode, and whether the service's container exists; nothing when the engine does not say.</summary>
    private async Task<(string? TarsnodeContainer, bool ServiceContainerExists)> InspectEngineAsync(string node, string tarsnodeLogPath,
        string? serviceContainer, CancellationToken cancellationToken)
    {
        var row = await nodes.GetAsync(node, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return default;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(EngineBudget);
        try
        {
            var client = pool.For(row);
            var tarsnode = await TarsnodeContainerFinder.FindAsync(client, tarsnodeLogPath, budget.Token).ConfigureAwait(false);
            var serviceExists = serviceContainer is not null && await ExistsAsync(client, serviceContainer, budget.Token).ConfigureAwait(false);
            return (tarsnode, serviceExists);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Engine down or slow: the framework route may still serve.
            logger.LogInformation("Looking for tarsnode on the engine of {Node} failed: {Reason}", node, exception.Message);
            return default;
        }
    }

    private static async Task<bool> ExistsAsync(IDockerClient client, string container, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}
