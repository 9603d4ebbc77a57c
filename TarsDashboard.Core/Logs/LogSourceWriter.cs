using System.Buffers;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Numbers a source's lines and appends them to its ring buffer. A line's sequence is
/// <c>max(previous + 1, key)</c> with the key in Unix microseconds (small enough for JavaScript clients): for an
/// engine log stream the key is Docker's timestamp of the line, so the same line gets the same number after a
/// dashboard restart and a client can resume across one without duplicates; other sources (files, journals) are
/// seeded once from the clock, so their numbers never repeat those of an earlier run. Thread-safe.
/// </summary>
internal sealed class LogSourceWriter
{
    private readonly Lock _lock = new();
    private readonly bool _keyedByTimestamp;
    private readonly TimeProvider _clock;
    private long _last;

    /// <param name="keyedByTimestamp">Number engine-stamped lines by their timestamp; otherwise seed from the clock.</param>
    /// <param name="clock">The dashboard's clock; the system's when none is given (unit tests of the numbering).</param>
    public LogSourceWriter(LogRingBuffer buffer, bool keyedByTimestamp, TimeProvider? clock = null)
    {
        Buffer = buffer;
        _keyedByTimestamp = keyedByTimestamp;
        _clock = clock ?? TimeProvider.System;
        _last = keyedByTimestamp ? 0 : ToMicroseconds(_clock.GetUtcNow());
    }

    public LogRingBuffer Buffer { get; }

    public string SourceId => Buffer.SourceId;

    /// <summary>Renumbers and appends the lines in one batch (one lock, one wake-up of the readers).</summary>
    public void Append(List<LogLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var numbered = ArrayPool<LogLine>.Shared.Rent(lines.Count);
        try
        {
            lock (_lock)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    var line = lines[i];
                    numbered[i] = line with { Sequence = Next(line) };
                }

                Buffer.Append(numbered.AsSpan(0, lines.Count));
            }
        }
        finally
        {
            Array.Clear(numbered, 0, lines.Count);
            ArrayPool<LogLine>.Shared.Return(numbered);
        }
    }

    /// <summary>Appends a line of the dashboard's own (reconnects, container restarts, journal entries).</summary>
    public LogLine AppendSystem(string text, LogSeverity level = LogSeverity.Info)
    {
        lock (_lock)
        {
            // Stamped for display only: keyed by the clock, it would renumber the engine lines after it.
            var line = new LogLine(SourceId, Next(null), _clock.GetUtcNow(), LogStream.System, text, level);
            Buffer.Append(line);
            return line;
        }
    }

    /// <summary>Unix microseconds, the unit of sequence keys.</summary>
    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    private long Next(LogLine? line)
    {
        var key = _keyedByTimestamp && line is { Stream: not LogStream.System, Timestamp: { } stamp } ? ToMicroseconds(stamp) : 0;
        _last = Math.Max(_last + 1, key);
        return _last;
    }
}
