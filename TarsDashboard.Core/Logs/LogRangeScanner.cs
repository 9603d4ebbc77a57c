using System.Runtime.CompilerServices;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Turns a source's lines, read oldest first, into <see cref="LogRangeBatch"/>es: keeps the entries inside the range
/// that pass the level filter and the search, counts, and stops at the match limit.
/// <list type="bullet">
/// <item>An entry is a line and the stack-trace lines that continue it (<see cref="StackTraceContinuation"/>), as the
/// viewer groups them: it matches when any of its lines does, its head's level decides the level filter, and all its
/// lines come out together, so a trace found by one frame arrives whole.</item>
/// <item>A line without a time of its own (a frame, a wrapped line) takes the time of the line before it; lines before
/// any timed line are kept, since nothing says they are outside.</item>
/// <item>The engine already cuts a container's log to the range; a file is read from its start and the scan stops at
/// the first line past the range's end (files are appended in time order).</item>
/// </list>
/// </summary>
internal sealed class LogRangeScanner(LogRangeQuery query, bool stopPastEnd)
{
    private readonly List<LogLine> _entry = [];
    private TraceState _trace;
    private bool _entryLevelKept;
    private bool _entryHit;
    private DateTimeOffset? _lastTime;

    /// <summary>Lines inside the range read so far.</summary>
    public long Scanned { get; private set; }

    /// <summary>Matching entries so far (a grouped stack trace counts once).</summary>
    public long MatchCount { get; private set; }

    public bool LimitReached { get; private set; }

    /// <summary>A line past the range's end was read in a source that is in time order, or the input ended: nothing later can match.</summary>
    public bool PastEnd { get; private set; }

    public bool Finished => LimitReached || PastEnd;

    public double Progress => PastEnd ? 1 : _lastTime is { } time ? query.Range.Fraction(time) : 0;

    public static async IAsyncEnumerable<LogRangeBatch> ScanAsync(IAsyncEnumerable<IReadOnlyList<LogLine>> lines, LogRangeQuery query,
        bool stopPastEnd, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scanner = new LogRangeScanner(query, stopPastEnd);
        await foreach (var batch in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var matches = scanner.Scan(batch);
            yield return scanner.BatchOf(matches);
            if (scanner.Finished)
            {
                yield break;
            }
        }

        // The entry still open, and a last batch that says the whole range was read.
        yield return scanner.BatchOf(scanner.Finish());
    }

    /// <summary>The matching entries completed by <paramref name="lines"/>; the last entry stays open for the next batch.</summary>
    public List<LogLine> Scan(IReadOnlyList<LogLine> lines)
    {
        var found = new List<LogLine>();
        foreach (var line in lines)
        {
            if (line.Timestamp is { } own)
            {
                _lastTime = own;
            }

            if (_lastTime is { } time && !query.Range.Contains(time))
            {
                if (time > query.Range.To && stopPastEnd)
                {
                    Close(found);
                    PastEnd = true;
                    break;
                }

                continue;
            }

            Scanned++;
            if (_entry.Count is > 0 and <= StackTraceContinuation.MaxContinuations
                && StackTraceContinuation.Continues(_entry[^1], line, ref _trace))
            {
                _entry.Add(line);
                _entryHit = _entryHit || query.Search.IsMatch(line.Text);
                continue;
            }

            Close(found);
            if (LimitReached)
            {
                break;
            }

            _entry.Add(line);
            _trace = StackTraceContinuation.Begin(line.Text);
            _entryLevelKept = query.Levels is not { } levels || levels.Contains(line.Level);
            _entryHit = query.Search.IsMatch(line.Text);
        }

        return found;
    }

    /// <summary>The input ended: the open entry, if it matches.</summary>
    public List<LogLine> Finish()
    {
        var found = new List<LogLine>();
        Close(found);
        PastEnd = true;
        return found;
    }

    private void Close(List<LogLine> found)
    {
        if (_entry.Count == 0)
        {
            return;
        }

        if (_entryLevelKept && _entryHit)
        {
            if (MatchCount >= query.MaxMatches)
            {
                LimitReached = true;
            }
            else
            {
                MatchCount++;
                found.AddRange(_entry);
            }
        }

        _entry.Clear();
    }

    private LogRangeBatch BatchOf(List<LogLine> matches) => new(matches, Scanned, MatchCount, Progress, LimitReached);
}
