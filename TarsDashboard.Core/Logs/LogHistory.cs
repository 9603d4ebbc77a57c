namespace TarsDashboard.Core.Logs;

/// <summary>What a starting source reads before it follows: the last <paramref name="TailLines"/> lines, or (for an
/// engine log stream) the lines from <paramref name="Since"/> on, at most <paramref name="TailLines"/>.</summary>
internal sealed record LogHistory(int TailLines, DateTimeOffset? Since = null);
