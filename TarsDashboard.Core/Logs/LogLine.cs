namespace TarsDashboard.Core.Logs;

/// <summary>One complete line of a log source, numbered in arrival order so readers can resume without duplicates.</summary>
/// <param name="SourceId">The log source (container, file) the line belongs to.</param>
/// <param name="Sequence">Strictly increasing per source; a reader resumes "after" the last one it saw.</param>
/// <param name="Timestamp">Docker's timestamp, else one found at the start of the text, else null.</param>
/// <param name="Stream">Stdout, stderr, or the dashboard's own journal.</param>
/// <param name="Text">The line without its newline (and without Docker's timestamp prefix); may hold ANSI escapes.</param>
/// <param name="Level">The level the text announces, or <see cref="LogSeverity.None"/>.</param>
/// <param name="IsTruncated">The line was longer than the assembler's cap and its tail was dropped.</param>
public sealed record LogLine(
    string SourceId,
    long Sequence,
    DateTimeOffset? Timestamp,
    LogStream Stream,
    string Text,
    LogSeverity Level,
    bool IsTruncated = false);
