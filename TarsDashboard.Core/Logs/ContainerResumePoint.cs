using System.Globalization;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Where a container's log stream left off. A reconnect asks the engine for <c>since=</c> the last timestamp, which
/// repeats the lines stamped at that very moment; those were remembered by stream and text, and the repeats at the
/// head of the resumed stream are dropped, so a reconnect adds no line twice and loses none.
/// </summary>
internal sealed class ContainerResumePoint
{
    // Lines share a stamp only within Docker's nanosecond (our 100 ns tick); the cap only guards memory.
    private const int MaxRemembered = 1_000;

    private readonly List<(LogStream Stream, string Text)> _atLast = [];
    private readonly List<(LogStream Stream, string Text)> _unmatched = [];
    private DateTimeOffset? _last;
    private bool _resuming;

    public DateTimeOffset? LastTimestamp => _last;

    /// <summary>Docker's <c>since</c> value for a reconnect (Unix seconds with nanoseconds), or null before the first line.</summary>
    public string? Since => _last is { } last ? FormatSince(last) : null;

    /// <summary>Docker's format for a time filter: Unix seconds, a dot, nine digits of nanoseconds.</summary>
    public static string FormatSince(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }

    /// <summary>The next lines come from a stream opened with <see cref="Since"/>: their head repeats known lines.</summary>
    public void BeginResume()
    {
        _resuming = _last is not null;
        _unmatched.Clear();
        _unmatched.AddRange(_atLast);
    }

    /// <summary>Removes repeated lines from <paramref name="lines"/> and remembers where the kept ones end.</summary>
    public void Filter(List<LogLine> lines)
    {
        var kept = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (_resuming && IsRepeat(line))
            {
                continue;
            }

            _resuming = false;
            Remember(line);
            lines[kept++] = line;
        }

        lines.RemoveRange(kept, lines.Count - kept);
    }

    private bool IsRepeat(LogLine line)
    {
        if (line.Timestamp is not { } stamp || _last is not { } last)
        {
            return false;
        }

        // Older than the last stamp: inside the tick Docker's nanoseconds were truncated to, so already seen.
        return stamp < last || (stamp == last && _unmatched.Remove((line.Stream, line.Text)));
    }

    private void Remember(LogLine line)
    {
        if (line.Timestamp is not { } stamp || line.Stream == LogStream.System)
        {
            return;
        }

        if (_last is null || stamp > _last)
        {
            _last = stamp;
            _atLast.Clear();
        }

        if (stamp == _last && _atLast.Count < MaxRemembered)
        {
            _atLast.Add((line.Stream, line.Text));
        }
    }
}
