namespace TarsDashboard.Core.Logs;

/// <summary>What the source browser shows: per node its containers and journal, then the service journals.</summary>
public sealed record LogCatalog(IReadOnlyList<LogCatalogNode> Nodes, IReadOnlyList<LogCatalogEntry> ServiceJournals);

/// <summary>
/// A registered node. <see cref="Error"/> is set when the engine did not answer (the node is then listed as
/// unreachable, with no containers); <see cref="Journal"/> is null when the caller may not read the node journal.
/// </summary>
public sealed record LogCatalogNode(string Node, string? Error, IReadOnlyList<LogCatalogContainer> Containers, LogCatalogEntry? Journal)
{
    public bool Reachable => Error is null;

    /// <summary>False for a tarsnode-managed node registered without its engine: no containers to list, not an outage.</summary>
    public bool HasEngine { get; init; } = true;

    /// <summary>A tarsnode owns the node's services: their log files and tarsnode's own are listed through the framework.</summary>
    public bool TarsnodeManaged { get; init; }

    /// <summary>
    /// The services configured on a tarsnode-managed node that have no container of their name listed here (native
    /// ones, or the node has no engine): only their log files can be offered.
    /// </summary>
    public IReadOnlyList<LogCatalogService> Services { get; init; } = [];
}

/// <summary>A container on a node's engine; <see cref="IsTarsService"/> when it is named <c>App.Server</c>.</summary>
public sealed record LogCatalogContainer(string Node, string Name, string State, string Status, string Image, bool IsTarsService)
{
    public LogSourceId SourceId => LogSourceId.ForContainer(Node, Name);
}

/// <summary>A Tars service instance without a container, known from <c>t_server_conf</c>.</summary>
public sealed record LogCatalogService(string Node, string Application, string Server)
{
    public string Name => $"{Application}.{Server}";
}

/// <summary>A source with a label, e.g. a journal.</summary>
public sealed record LogCatalogEntry(LogSourceId SourceId, string Label);
