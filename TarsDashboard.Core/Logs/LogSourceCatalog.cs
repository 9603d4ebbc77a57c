using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Lists the log sources a caller may open, so nobody has to type an id: every container on every node's engine
/// (Tars services first), each node's journal and the journals of the services found. Filtered by the same rule that
/// opening checks (<see cref="LogSourceAccess"/>), so the list never offers what would then be refused.
/// </summary>
public sealed class LogSourceCatalog
{
    // One slow engine must not hold the whole list back; it is shown as unreachable with a retry instead.
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(5);

    private readonly AccessControl access;
    private readonly NodeRepository nodes;
    private readonly DockerClientPool pool;
    private readonly IOptions<LogOptions> options;

    internal LogSourceCatalog(AccessControl access, NodeRepository nodes, DockerClientPool pool, IOptions<LogOptions> options)
    {
        this.access = access;
        this.nodes = nodes;
        this.pool = pool;
        this.options = options;
    }

    public async Task<LogCatalog> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var grants = await access.LoadGrantsAsync(caller, cancellationToken).ConfigureAwait(false);
        var rows = await nodes.ListAsync(cancellationToken).ConfigureAwait(false);
        var withEngine = rows.Where(r => !string.IsNullOrEmpty(r.Endpoint)).OrderBy(r => r.NodeName, StringComparer.Ordinal).ToList();
        var listed = await Task.WhenAll(withEngine.Select(row => ListNodeAsync(row, grants, cancellationToken))).ConfigureAwait(false);

        var journals = listed.SelectMany(n => n.Containers).Where(c => c.IsTarsService)
            .Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => LogSourceId.TryParseServiceName(name, out var app, out var server) ? LogSourceId.ForServiceJournal(app, server) : null)
            .OfType<LogSourceId>()
            .Where(id => May(grants, id))
            .Select(id => new LogCatalogEntry(id, LogSourceLabel.Short(id)))
            .ToList();
        return new LogCatalog(listed, journals);
    }

    private async Task<LogCatalogNode> ListNodeAsync(NodeRow row, IReadOnlyList<Grant> grants, CancellationToken cancellationToken)
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
            return new LogCatalogNode(node, e is OperationCanceledException ? "The engine did not answer in time." : e.Message, [], journal);
        }

        var containers = found
            .Select(c => ToContainer(node, c))
            .OfType<LogCatalogContainer>()
            .Where(c => May(grants, c.SourceId))
            .OrderBy(c => c.IsTarsService ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return new LogCatalogNode(node, null, containers, journal);
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
