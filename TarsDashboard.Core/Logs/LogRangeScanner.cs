using System.Runtime.CompilerServices;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Turns a source's lines, read oldest first, into <see cref="LogRangeBatch"/>es: keeps the lines inside the range that
/// pass the level filter and the search, counts, and stops at the match limit. A line without a time of its own (a
/// stack frame, a wrapped line) takes the time of the line before it; lines before any timed line are kept, since
/// nothing says they are outside. The engine already cuts a container's log to the range; a file is read from its
/// start and the scan stops at the first line past the range's end (files are appended in time order).
/// </summary>
internal sealed class LogRangeScanner(LogRangeQuery query, bool stopPastEnd)
{
    private DateTimeOffset? _lastTime;

    public long Scanned { get; private set; }

    public long MatchCount { get; private set; }

    public bool LimitReached { get; private set; }

    /// <summary>A line past the range's end was read, in a source that is in time order: nothing later can match.</summary>
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

        // The last batch says the whole range was read.
        scanner.PastEnd = true;
        yield return scanner.BatchOf([]);
    }

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
                    PastEnd = true;
                    break;
                }

                continue;
            }

            Scanned++;
            if ((query.Levels is { } levels && !levels.Contains(line.Level)) || !query.Search.IsMatch(line.Text))
            {
                continue;
            }

            if (MatchCount >= query.MaxMatches)
            {
                LimitReached = true;
                break;
            }

            MatchCount++;
            found.Add(line);
        }

        return found;
    }

    private LogRangeBatch BatchOf(List<LogLine> matches) => new(matches, Scanned, MatchCount, Progress, LimitReached);
}
