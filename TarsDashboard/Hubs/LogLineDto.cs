using TarsDashboard.Core.Logs;

namespace TarsDashboard.Hubs;

/// <summary>
/// One item of <see cref="LiveHub.StreamLogs"/>: a log line, or (<see cref="IsGap"/>) a marker that
/// <see cref="Missed"/> lines were skipped because this client read more slowly than the source wrote.
/// To resume after a disconnect, pass the <see cref="Sequence"/> of the last line received as <c>afterSequence</c>.
/// </summary>
/// <param name="Stream"><c>Stdout</c>, <c>Stderr</c>, or <c>System</c> (the dashboard's own notes: reconnects, restarts).</param>
/// <param name="Level">The level the text announces: <c>None</c>, <c>Trace</c> … <c>Fatal</c>.</param>
public sealed record LogLineDto(
    string SourceId,
    long Sequence,
    DateTimeOffset? Timestamp,
    string Stream,
    string Level,
    string Text,
    bool IsTruncated,
    bool IsGap,
    long Missed)
{
    public static LogLineDto From(LogLine line) =>
        new(line.SourceId, line.Sequence, line.Timestamp, line.Stream.ToString(), line.Level.ToString(), line.Text, line.IsTruncated, false, 0);

    /// <param name="afterSequence">The client's cursor before the gap; a gap does not move it.</param>
    public static LogLineDto Gap(string sourceId, long afterSequence, long missed) =>
        new(sourceId, afterSequence, null, nameof(LogStream.System), nameof(LogSeverity.Warn),
            $"{missed:N0} lines skipped: this client read more slowly than the source wrote.", false, true, missed);
}
