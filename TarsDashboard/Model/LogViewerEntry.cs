using TarsDashboard.Core.Logs;

namespace TarsDashboard.Model;

/// <summary>
/// A row of the log viewer: a line and the lines that continue it (a stack trace's frames), or (when
/// <see cref="Line"/> is null) a marker for lines skipped; keys rise in arrival order. <see cref="Source"/> is the
/// index of the subscription it came from. Changed and read on the renderer's thread only.
/// </summary>
public sealed class LogViewerEntry(long key, LogLine? line, long skipped, int source = 0)
{
    private List<LogLine>? _continuations;
    private TraceState? _trace;
    private JsonLogLine? _json;
    private bool _jsonParsed;

    public long Key { get; } = key;

    /// <summary>The line that starts the entry (its level is the entry's), or null for a gap marker.</summary>
    public LogLine? Line { get; } = line;

    /// <summary>For a gap marker, how many lines were lost.</summary>
    public long Skipped { get; } = skipped;

    public int Source { get; } = source;

    /// <summary>The lines joined to <see cref="Line"/> (frames, "Caused by:", ...), oldest first.</summary>
    public IReadOnlyList<LogLine> Continuations => (IReadOnlyList<LogLine>?)_continuations ?? [];

    /// <summary>How many lines the entry holds: none for a gap marker, else its line and the continuations.</summary>
    public int LineCount => Line is null ? 0 : 1 + (_continuations?.Count ?? 0);

    /// <summary>The line folded as JSON, or null when it is not a JSON object; parsed when first rendered, then kept.</summary>
    public JsonLogLine? Json
    {
        get
        {
            if (!_jsonParsed && Line is { } head)
            {
                _json = JsonLogLine.TryParse(head.Text);
                _jsonParsed = true;
            }

            return _json;
        }
    }

    /// <summary>Whether the search matches this entry (its line or a continuation); kept by the view model.</summary>
    internal bool IsMatch { get; set; }

    /// <summary>Joins <paramref name="next"/> when it continues this entry and the entry has room for it.</summary>
    internal bool TryAppend(LogLine next, int maxContinuations)
    {
        if (Line is not { } head || (_continuations?.Count ?? 0) >= maxContinuations)
        {
            return false;
        }

        var trace = _trace ?? StackTraceContinuation.Begin(head.Text);
        var last = _continuations is { Count: > 0 } joined ? joined[^1] : head;
        if (!StackTraceContinuation.Continues(last, next, ref trace))
        {
            _trace = trace;
            return false;
        }

        _trace = trace;
        (_continuations ??= []).Add(next);
        return true;
    }
}
