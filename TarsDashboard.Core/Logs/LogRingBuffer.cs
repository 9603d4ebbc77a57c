using System.Runtime.CompilerServices;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The retained window of one source's lines: a bounded ring the pump appends to and any number of viewers read
/// from by sequence. Readers only copy under a short lock and wait on a signal, so a slow or stalled reader never
/// holds up the writer; one that falls more than the capacity behind is told how many lines it missed.
/// </summary>
public sealed class LogRingBuffer
{
    public const int DefaultCapacity = 100_000;

    private const long UnknownOrdinal = -1;

    private readonly LogLine[] _lines;
    private readonly Lock _lock = new();
    private int _start;
    private int _count;
    private bool _started;
    private long _floor;
    private long _lastSequence;
    private long _dropped;
    private TaskCompletionSource? _waiter;

    public LogRingBuffer(string sourceId, int capacity = DefaultCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        SourceId = sourceId;
        _lines = new LogLine[capacity];
    }

    public string SourceId { get; }

    public int Capacity => _lines.Length;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Lines overwritten by newer ones since the buffer was created.</summary>
    public long DroppedCount
    {
        get
        {
            lock (_lock)
            {
                return _dropped;
            }
        }
    }

    /// <summary>Sequence of the newest line, or 0 before the first; doubles as a version number for change checks.</summary>
    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _lastSequence;
            }
        }
    }

    public void Append(LogLine line) => Append([line]);

    /// <summary>Appends a batch under one lock (the pump's usual call); sequences must keep increasing.</summary>
    public void Append(ReadOnlySpan<LogLine> lines)
    {
        if (lines.IsEmpty)
        {
            return;
        }

        TaskCompletionSource? waiter;
        lock (_lock)
        {
            // Check the whole batch first so a bad one leaves the buffer untouched.
            var previous = _started ? _lastSequence : long.MinValue;
            foreach (var line in lines)
            {
                ArgumentNullException.ThrowIfNull(line, nameof(lines));
                if (line.Sequence <= previous)
                {
                    throw new ArgumentException(
                        $"Sequence {line.Sequence} of {SourceId} does not follow {previous}; lines must arrive in order.", nameof(lines));
                }

                previous = line.Sequence;
            }

            if (!_started)
            {
                _started = true;
                _floor = lines[0].Sequence - 1;
            }

            foreach (var line in lines)
            {
                if (_count == _lines.Length)
                {
                    _lines[_start] = line;
                    _start = Next(_start);
                    _dropped++;
                }
                else
                {
                    _lines[Slot(_count)] = line;
                    _count++;
                }
            }

            _lastSequence = previous;
            waiter = _waiter;
            _waiter = null;
        }

        // Outside the lock, and continuations run asynchronously, so no reader's code runs on the writer's thread.
        waiter?.TrySetResult();
    }

    /// <summary>The newest <paramref name="maxLines"/> lines, oldest first: what a viewer shows when it opens.</summary>
    public IReadOnlyList<LogLine> Snapshot(int maxLines = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLines);
        lock (_lock)
        {
            var take = Math.Min(maxLines, _count);
            return Copy(_count - take, take);
        }
    }

    /// <summary>Lines with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="maxLines"/>.</summary>
    public LogBatch ReadAfter(long afterSequence, int maxLines = int.MaxValue)
    {
        var ordinal = UnknownOrdinal;
        return ReadAfter(afterSequence, ref ordinal, maxLines);
    }

    /// <summary>
    /// Lines from <paramref name="since"/> on, oldest first. Scans back from the newest line to the first stamped
    /// line older than <paramref name="since"/>, so unstamped lines in between are kept and recent queries stay cheap.
    /// </summary>
    public IReadOnlyList<LogLine> ReadSince(DateTimeOffset since)
    {
        lock (_lock)
        {
            var first = _count;
            while (first > 0 && !(_lines[Slot(first - 1)].Timestamp < since))
            {
                first--;
            }

            return Copy(first, _count - first);
        }
    }

    /// <summary>Completes once a line after <paramref name="afterSequence"/> exists (at once if one does).</summary>
    public Task WaitForLinesAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        Task signal;
        lock (_lock)
        {
            if (_started && _lastSequence > afterSequence)
            {
                return Task.CompletedTask;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = _waiter.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Follows the source from <paramref name="afterSequence"/> (use <see cref="LastSequence"/> after a snapshot)
    /// until cancelled, in batches of at most <paramref name="maxBatch"/> lines; each reader has its own cursor.
    /// </summary>
    public async IAsyncEnumerable<LogBatch> FollowAsync(
        long afterSequence, int maxBatch = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var cursor = afterSequence;
        var ordinal = UnknownOrdinal;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = ReadAfter(cursor, ref ordinal, maxBatch);
            if (!batch.IsEmpty)
            {
                cursor = batch.LastSequence;
                yield return batch;
                if (batch.Lines.Count == maxBatch)
                {
                    continue;
                }
            }

            await WaitForLinesAsync(cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    // afterOrdinal counts the lines appended up to and including the reader's cursor line (UnknownOrdinal when the
    // reader has not read from this buffer yet); it makes the gap a count of lines even when the numbering has gaps
    // (sources number lines by time). It moves to the last line returned.
    private LogBatch ReadAfter(long afterSequence, ref long afterOrdinal, int maxLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLines);
        lock (_lock)
        {
            if (!_started || afterSequence >= _lastSequence)
            {
                return new LogBatch([], 0, afterSequence);
            }

            var first = FirstAfter(afterSequence);
            long missed = 0;
            if (first == 0 && _dropped > 0)
            {
                // The reader's next line is gone: count the dropped lines after its cursor. Without its ordinal,
                // the sequence distance is exact for consecutive numbering and capped by what was dropped otherwise.
                var oldest = _lines[_start].Sequence;
                missed = afterOrdinal != UnknownOrdinal ? Math.Max(0, _dropped - afterOrdinal)
                    : afterSequence <= _floor ? _dropped
                    : Math.Min(_dropped, oldest - afterSequence - 1);
            }

            var lines = Copy(first, Math.Min(maxLines, _count - first));
            if (first > 0 || lines.Length > 0)
            {
                afterOrdinal = _dropped + first + lines.Length;
            }

            return new LogBatch(lines, missed, lines.Length > 0 ? lines[^1].Sequence : afterSequence);
        }
    }

    // Logical index (0 = oldest retained) of the first line after the sequence; sequences increase, so bisect.
    private int FirstAfter(long afterSequence)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_lines[Slot(middle)].Sequence <= afterSequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private LogLine[] Copy(int logicalStart, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var result = new LogLine[count];
        var first = Slot(logicalStart);
        var head = Math.Min(count, _lines.Length - first);
        Array.Copy(_lines, first, result, 0, head);
        Array.Copy(_lines, 0, result, head, count - head);
        return result;
    }

    private int Slot(int logicalIndex)
    {
        var slot = _start + logicalIndex;
        return slot >= _lines.Length ? slot - _lines.Length : slot;
    }

    private int Next(int slot) => slot + 1 == _lines.Length ? 0 : slot + 1;
}
