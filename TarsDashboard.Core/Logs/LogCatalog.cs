namespace TarsDashboard.Core.Logs;

/// <summary>What the source browser shows: per node its containers and journal, then the service journals.</summary>
public sealed record LogCatalog(IReadOnlyList<LogCatalogNode> Nodes, IReadOnlyList<LogCatalogEntry> ServiceJournals);

/// <summary>
/// A node with an engine. <see cref="Error"/> is set when the engine did not answer (the node is then listed as
/// unreachable, with no containers); <see cref="Journal"/> is null when the caller may not read the node journal.
/// </summary>
public sealed record LogCatalogNode(string Node, string? Error, IReadOnlyList<LogCatalogContainer> Containers, LogCatalogEntry? Journal)
{
    public bool Reachable => Error is null;
}

/// <summary>A container on a node's engine; <see cref="IsTarsService"/> when it is named <c>App.Server</c>.</summary>
public sealed record LogCatalogContainer(string Node, string Name, string State, string Status, string Image, bool IsTarsService)
{
    public LogSourceId SourceId => LogSourceId.ForContainer(Node, Name);
}

/// <summary>A source with a label, e.g. a journal.</summary>
public sealed record LogCatalogEntry(LogSourceId SourceId, string Label);
