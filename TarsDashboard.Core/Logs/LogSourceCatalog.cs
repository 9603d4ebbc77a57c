using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Lists the log sources a caller may open, so nobody has to type an id: every container on every node's engine
/// (Tars services first), each node's journal, the services of tarsnode-managed nodes that have no container (their
/// files are read through the framework) and the journals of the services found. Filtered by the same rule that
/// opening checks (<see cref="LogSourceAccess"/>), so the list never offers what would then be refused.
/// </summary>
public sealed class LogSourceCatalog
{
    // One slow engine must not hold the whole list back; it is shown as unreachable with a retry instead.
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(5);

    private readonly AccessControl access;
    private readonly NodeRepository nodes;
    private readonly ServerConfRepository servers;
    private readonly DockerClientPool pool;
    private readonly IOptions<LogOptions> options;

    internal LogSourceCatalog(AccessControl access, NodeRepository nodes, ServerConfRepository servers, DockerClientPool pool, IOptions<LogOptions> options)
    {
        this.access = access;
        this.nodes = nodes;
        this.servers = servers;
        this.pool = pool;
        this.options = options;
    }

    public async Task<LogCatalog> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var grants = await access.LoadGrantsAsync(caller, cancellationToken).ConfigureAwait(false);
        var rows = (await nodes.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.HasEngine || r.IsTarsnodeManaged).OrderBy(r => r.NodeName, StringComparer.Ordinal).ToList();
        var tarsnodeServices = await TarsnodeServicesAsync(rows, grants, cancellationToken).ConfigureAwait(false);
        var listed = await Task.WhenAll(rows.Select(row => ListNodeAsync(row, grants, tarsnodeServices, cancellationToken))).ConfigureAwait(false);

        var journals = listed.SelectMany(n => n.Containers.Where(c => c.IsTarsService).Select(c => c.Name).Concat(n.Services.Select(s => s.Name)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => LogSourceId.TryParseServiceName(name, out var app, out var server) ? LogSourceId.ForServiceJournal(app, server) : null)
            .OfType<LogSourceId>()
            .Where(id => May(grants, id))
            .Select(id => new LogCatalogEntry(id, LogSourceLabel.Short(id)))
            .ToList();
        return new LogCatalog(listed, journals);
    }

    // The instances on tarsnode-managed nodes whose log files the caller may read, by node; one query for all nodes.
    private async Task<ILookup<string, LogCatalogService>> TarsnodeServicesAsync(IReadOnlyList<NodeRow> rows, IReadOnlyList<Grant> grants,
        CancellationToken cancellationToken)
    {
        // A node name the id rules refuse is listed as such by ListNodeAsync; its services cannot be offered.
        var tarsnodeNodes = rows.Where(r => r.IsTarsnodeManaged && LogSourceId.TryParse($"journal:node:{r.NodeName}", out _, out _))
            .Select(r => r.NodeName).ToHashSet(StringComparer.Ordinal);
        if (tarsnodeNodes.Count == 0)
        {
            return Array.Empty<LogCatalogService>().ToLookup(s => s.Node, StringComparer.Ordinal);
        }

        var instances = await servers.ListSummariesAsync(cancellationToken).ConfigureAwait(false);
        return instances
            .Where(i => tarsnodeNodes.Contains(i.NodeName) && LogSourceId.TryParseServiceName($"{i.Application}.{i.ServerName}", out _, out _))
            .Select(i => new LogCatalogService(i.NodeName, i.Application, i.ServerName))
            .Where(s => May(grants, LogSourceId.ForTarsLog(s.Node, s.Application, s.Server, $"{s.Name}.log")))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToLookup(s => s.Node, StringComparer.Ordinal);
    }

    private async Task<LogCatalogNode> ListNodeAsync(NodeRow row, IReadOnlyList<Grant> grants, ILookup<string, LogCatalogService> tarsnodeServices,
        CancellationToken cancellationToken)
    {
        var node = row.NodeName;
        LogSourceId? journalId = null;
        try
        {
            journalId = LogSourceId.ForNodeJournal(node);
        }
        catch (ArgumentException)
        {
            // A node name the id rules refuse cannot be opened at all.
            return new LogCatalogNode(node, "The node name is not usable in a log source id.", [], null);
        }

        var journal = May(grants, journalId) ? new LogCatalogEntry(journalId, LogSourceLabel.Short(journalId)) : null;
        var services = tarsnodeServices[node].ToList();
        if (!row.HasEngine)
        {
            return new LogCatalogNode(node, null, [], journal) { HasEngine = false, TarsnodeManaged = true, Services = services };
        }

        IList<ContainerListResponse> found;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(NodeTimeout);
            found = await pool.For(row).Containers.ListContainersAsync(new ContainersListParameters { All = true }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the engine or its transport throws (refused, TLS, timeout, API error), the node is down for this list.
            // Its services' files do not need the engine: they stay offered.
            return new LogCatalogNode(node, e is OperationCanceledException ? "The engine did not answer in time." : e.Message, [], journal)
            {
                TarsnodeManaged = row.IsTarsnodeManaged, Services = services,
            };
        }

        var containers = found
            .Select(c => ToContainer(node, c))
            .OfType<LogCatalogContainer>()
            .Where(c => May(grants, c.SourceId))
            .OrderBy(c => c.IsTarsService ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var withoutContainer = services.Where(s => !containers.Any(c => c.Name == s.Name)).ToList();
        return new LogCatalogNode(node, null, containers, journal) { TarsnodeManaged = row.IsTarsnodeManaged, Services = withoutContainer };
    }

    private static LogCatalogContainer? ToContainer(string node, ContainerListResponse container)
    {
        // Docker lists names with a leading '/'; a name the id rules refuse cannot be opened, so it is not offered.
        var name = container.Names?.Select(n => n.TrimStart('/')).FirstOrDefault(n => !n.Contains('/', StringComparison.Ordinal));
        if (name is null || !LogSourceId.TryParse($"container:{node}:{name}", out _, out _))
        {
            return null;
        }

        return new LogCatalogContainer(node, name, container.State ?? "", container.Status ?? "", container.Image ?? "",
            LogSourceId.TryParseServiceName(name, out _, out _));
    }

    private bool May(IReadOnlyList<Grant> grants, LogSourceId id)
    {
        var (permission, target) = LogSourceAccess.Required(id, options.Value.ServiceLogRoot);
        return AccessControl.IsAllowed(grants, permission, target);
    }
}
