namespace TarsDashboard.Core.Logs;

/// <summary>What to look for in a source's history: a time range, a text or regex search and the levels to keep.</summary>
/// <param name="Range">The span of log time read.</param>
/// <param name="Search">Lines must match it (an empty search keeps every line of the range).</param>
/// <param name="Levels">The levels kept; null keeps all.</param>
/// <param name="MaxMatches">The search stops after this many matches and says so, so memory stays bounded.</param>
public sealed record LogRangeQuery(LogTimeRange Range, LogSearch Search, IReadOnlySet<LogSeverity>? Levels = null,
    int MaxMatches = LogRangeQuery.DefaultMaxMatches)
{
    /// <summary>As many lines as the viewer's window holds.</summary>
    public const int DefaultMaxMatches = 100_000;
}
