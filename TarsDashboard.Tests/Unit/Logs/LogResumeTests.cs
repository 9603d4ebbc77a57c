using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>The pure parts of resuming: the boundary of a container stream, the anchor of a file, numbering.</summary>
public sealed class LogResumeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private static LogLine Line(string text, DateTimeOffset? at = null, LogStream stream = LogStream.Stdout) =>
        new("s", 0, at, stream, text, LogSeverity.None);

    private static string[] Texts(IEnumerable<LogLine> lines) => lines.Select(l => l.Text).ToArray();

    [Fact]
    public void Since_is_unix_seconds_with_nanoseconds()
    {
        Assert.Equal("1795417200.123456700", ContainerResumePoint.FormatSince(T0.AddTicks(1_234_567)));
    }

    [Fact]
    public void A_resumed_container_stream_drops_the_repeated_boundary_lines_and_keeps_new_ones_stamped_alike()
    {
        var resume = new ContainerResumePoint();
        var first = new List<LogLine> { Line("a", T0), Line("b", T0.AddTicks(1)), Line("c", T0.AddTicks(1)) };
        resume.Filter(first);
        Assert.Equal(["a", "b", "c"], Texts(first));
        Assert.Equal(T0.AddTicks(1), resume.LastTimestamp);

        // since= repeats everything stamped at the last tick; a new line at that very tick still counts.
        resume.BeginResume();
        var resumed = new List<LogLine> { Line("a", T0), Line("c", T0.AddTicks(1)), Line("b", T0.AddTicks(1)), Line("c", T0.AddTicks(1)), Line("d", T0.AddTicks(2)) };
        resume.Filter(resumed);

        Assert.Equal(["c", "d"], Texts(resumed));
    }

    [Fact]
    public void Outside_a_resume_older_stamps_are_kept_because_stdout_and_stderr_are_stamped_apart()
    {
        var resume = new ContainerResumePoint();
        var lines = new List<LogLine> { Line("out", T0.AddTicks(5)), Line("err", T0.AddTicks(3), LogStream.Stderr) };

        resume.Filter(lines);

        Assert.Equal(["out", "err"], Texts(lines));
    }

    [Fact]
    public void A_file_resume_passes_only_the_lines_after_the_last_place_the_anchor_occurs()
    {
        var matcher = new FileResumeMatcher(["x", "y"], window: 6, DateTimeOffset.MaxValue);
        var output = new List<LogLine>();

        matcher.Add([Line("x"), Line("y"), Line("z"), Line("x")], output);
        Assert.Empty(output);
        matcher.Add([Line("y"), Line("new 1"), Line("new 2")], output);

        Assert.False(matcher.IsDeciding);
        Assert.True(matcher.Found);
        Assert.Equal(["new 1", "new 2"], Texts(output));
        matcher.Add([Line("live")], output);
        Assert.Equal("live", output[^1].Text);
    }

    [Fact]
    public void A_file_resume_that_cannot_find_its_anchor_lets_everything_through_and_says_so()
    {
        var matcher = new FileResumeMatcher(["gone"], window: 100, DateTimeOffset.MaxValue);
        var output = new List<LogLine>();
        matcher.Add([Line("rolled 1"), Line("rolled 2")], output);

        matcher.Decide(output);

        Assert.False(matcher.Found);
        Assert.Equal(["rolled 1", "rolled 2"], Texts(output));
    }

    [Fact]
    public void Engine_lines_are_numbered_by_their_timestamp_so_a_second_reader_numbers_them_alike()
    {
        var first = new LogSourceWriter(new LogRingBuffer("s", 100), keyedByTimestamp: true);
        var second = new LogSourceWriter(new LogRingBuffer("s", 100), keyedByTimestamp: true);
        first.Append([Line("a", T0), Line("b", T0), Line("c", T0.AddSeconds(1)), Line("d", T0.AddSeconds(2))]);

        // The second reader (a dashboard restarted) starts later in the same log.
        second.Append([Line("c", T0.AddSeconds(1)), Line("d", T0.AddSeconds(2))]);

        var numbers = first.Buffer.Snapshot().Select(l => l.Sequence).ToArray();
        Assert.Equal(LogSourceWriter.ToMicroseconds(T0), numbers[0]);
        Assert.Equal(numbers[0] + 1, numbers[1]);
        Assert.Equal(numbers[2..], second.Buffer.Snapshot().Select(l => l.Sequence).ToArray());
    }

    [Fact]
    public void Other_sources_are_numbered_on_from_the_clock_so_numbers_never_repeat_an_earlier_run()
    {
        var before = LogSourceWriter.ToMicroseconds(DateTimeOffset.UtcNow);
        var writer = new LogSourceWriter(new LogRingBuffer("s", 100), keyedByTimestamp: false);

        writer.Append([Line("a", T0), Line("b")]);
        writer.AppendSystem("note");

        var numbers = writer.Buffer.Snapshot().Select(l => l.Sequence).ToArray();
        Assert.True(numbers[0] > before);
        Assert.Equal([numbers[0], numbers[0] + 1, numbers[0] + 2], numbers);
    }

    [Fact]
    public async Task A_follower_of_time_numbered_lines_is_told_the_number_of_lines_it_missed_not_the_span_of_numbers()
    {
        var buffer = new LogRingBuffer("s", capacity: 10);
        var writer = new LogSourceWriter(buffer, keyedByTimestamp: true);
        writer.Append([Line("first", T0)]);
        await using var follower = buffer.FollowAsync(0).GetAsyncEnumerator();
        Assert.True(await follower.MoveNextAsync());

        writer.Append(Enumerable.Range(1, 25).Select(i => Line($"l{i}", T0.AddSeconds(i))).ToList());

        Assert.True(await follower.MoveNextAsync());
        Assert.Equal(15, follower.Current.Missed);
        Assert.Equal("l16", follower.Current.Lines[0].Text);
    }
}
