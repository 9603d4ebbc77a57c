using TarsDashboard.Core.Logs;

namespace TarsDashboard.Model;

/// <summary>
/// A row of the log viewer: a line, or (when <see cref="Line"/> is null) a marker for lines skipped; keys rise in
/// arrival order. <see cref="Source"/> is the index of the subscription it came from.
/// </summary>
public sealed record LogViewerEntry(long Key, LogLine? Line, long Skipped, int Source = 0);
