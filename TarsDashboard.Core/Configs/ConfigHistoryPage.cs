namespace TarsDashboard.Core.Configs;

/// <summary>One page of a file's versions, newest first, and how many there are in all.</summary>
public sealed record ConfigHistoryPage(IReadOnlyList<ConfigHistoryRow> Rows, int Total);
