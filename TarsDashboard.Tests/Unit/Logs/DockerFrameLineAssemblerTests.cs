using System.Diagnostics;
using System.Text;
using TarsDashboard.Core.Logs;
using Xunit;
using Xunit.Abstractions;
using static TarsDashboard.Tests.Logs.DockerFrames;

namespace TarsDashboard.Tests.Logs;

public sealed class DockerFrameLineAssemblerTests(ITestOutputHelper output)
{
    private const string Stamp1 = "2026-11-23T07:13:24.123456789Z";
    private const string Stamp2 = "2026-11-23T07:13:25.000000001Z";

    private static readonly DateTimeOffset Time1 = new DateTimeOffset(2026, 11, 23, 7, 13, 24, TimeSpan.Zero).AddTicks(1234567);
    private static readonly DateTimeOffset Time2 = new(2026, 11, 23, 7, 13, 25, TimeSpan.Zero);

    private static DockerFrameLineAssembler Multiplexed(bool timestamps = false) =>
        new("svc", new LineAssemblerOptions { Mode = DockerStreamMode.Multiplexed, Timestamps = timestamps });

    private static DockerFrameLineAssembler Raw(bool timestamps = false) =>
        new("svc", new LineAssemblerOptions { Mode = DockerStreamMode.Raw, Timestamps = timestamps });

    private static (string Text, LogStream Stream)[] TextAndStream(IEnumerable<LogLine> lines) =>
        lines.Select(l => (l.Text, l.Stream)).ToArray();

    [Fact]
    public void Multiplexed_stream_gives_the_same_lines_whatever_byte_it_is_cut_at()
    {
        var data = Concat(
            Frame(Stdout, "first\nsecond\n"),
            Frame(Stderr, "oops"),
            Frame(Stdout, "third "),
            Frame(Stderr, " happened\n"),
            Frame(Stdout, "line\n"));
        (string, LogStream)[] expected =
        [
            ("first", LogStream.Stdout), ("second", LogStream.Stdout),
            ("oops happened", LogStream.Stderr), ("third line", LogStream.Stdout),
        ];

        for (var split = 0; split <= data.Length; split++)
        {
            Assert.Equal(expected, TextAndStream(FeedSplitAt(Multiplexed(), data, split)));
        }
    }

    [Fact]
    public void Multiplexed_stream_survives_being_cut_at_every_pair_of_offsets()
    {
        var data = Concat(Frame(Stdout, "ab\nc"), Frame(Stderr, "x\n"), Frame(Stdout, "d\n"));

        for (var first = 0; first <= data.Length; first++)
        {
            for (var second = first; second <= data.Length; second++)
            {
                Assert.Equal(["ab", "x", "cd"], Texts(FeedSplitAt(Multiplexed(), data, first, second)));
            }
        }
    }

    [Fact]
    public void Header_cut_in_the_middle_is_completed_by_the_next_chunk()
    {
        var data = Concat(Frame(Stdout, "hello\n"), Frame(Stderr, "world\n"));

        var lines = FeedSplitAt(Multiplexed(), data, 3, 14 + 5);

        Assert.Equal([("hello", LogStream.Stdout), ("world", LogStream.Stderr)], TextAndStream(lines));
    }

    [Fact]
    public void Byte_by_byte_delivery_gives_the_same_lines()
    {
        var data = Concat(Frame(Stdout, "one\ntw"), Frame(Stderr, "err\n"), Frame(Stdout, "o\n"));

        Assert.Equal(["one", "err", "two"], Texts(FeedInChunks(Multiplexed(), data, 1)));
    }

    [Fact]
    public void Stdout_and_stderr_partials_are_held_apart_until_each_newline()
    {
        var assembler = Multiplexed();
        var lines = new List<LogLine>();

        assembler.Append(Concat(Frame(Stdout, "out-1 "), Frame(Stderr, "err-1 ")), lines);
        Assert.Empty(lines);
        assembler.Append(Concat(Frame(Stderr, "err-2\n"), Frame(Stdout, "out-2\n")), lines);

        Assert.Equal([("err-1 err-2", LogStream.Stderr), ("out-1 out-2", LogStream.Stdout)], TextAndStream(lines));
    }

    [Fact]
    public void A_40_KB_line_split_into_16_KB_frames_is_rejoined()
    {
        var text = string.Concat(Enumerable.Range(0, 40 * 1024).Select(i => (char)('a' + i % 26)));
        var bytes = Encoding.UTF8.GetBytes(text + "\n");
        var data = Concat(
            Frame(Stdout, bytes[..16384]), Frame(Stdout, bytes[16384..32768]), Frame(Stdout, bytes[32768..]));

        var line = Assert.Single(FeedInChunks(Multiplexed(), data, 4096));

        Assert.Equal(text, line.Text);
        Assert.False(line.IsTruncated);
    }

    [Fact]
    public void Continuation_frames_drop_their_repeated_timestamp_and_the_line_keeps_the_first()
    {
        var data = Concat(
            Frame(Stdout, $"{Stamp1} {new string('x', 16384)}"),
            Frame(Stdout, $"{Stamp2} {new string('y', 100)}\n"),
            Frame(Stdout, $"{Stamp2} next\n"));

        var lines = FeedInChunks(Multiplexed(timestamps: true), data, 1000);

        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('x', 16384) + new string('y', 100), lines[0].Text);
        Assert.Equal(Time1, lines[0].Timestamp);
        Assert.Equal(("next", Time2), (lines[1].Text, lines[1].Timestamp));
    }

    [Fact]
    public void Timestamps_are_read_even_when_a_chunk_ends_inside_one()
    {
        var data = Concat(
            Frame(Stdout, $"{Stamp1} started on port 8080\n"),
            Frame(Stderr, $"{Stamp2} warn"),
            Frame(Stderr, $"{Stamp1} ing\n"));

        for (var split = 0; split <= data.Length; split++)
        {
            var lines = FeedSplitAt(Multiplexed(timestamps: true), data, split);

            Assert.Equal(
                [("started on port 8080", Time1), ("warning", Time2)],
                lines.Select(l => (l.Text, l.Timestamp)).ToArray());
        }
    }

    [Fact]
    public void With_timestamps_on_a_frame_without_a_stamp_keeps_its_text()
    {
        var lines = FeedSplitAt(Multiplexed(timestamps: true), Concat(Frame(Stdout, "abc"), Frame(Stdout, "no stamp here\n")));

        var line = Assert.Single(lines);
        Assert.Equal("abcno stamp here", line.Text);
        Assert.Null(line.Timestamp);
    }

    [Fact]
    public void With_timestamps_off_the_text_is_untouched_but_a_leading_stamp_still_dates_the_line()
    {
        var lines = FeedSplitAt(Multiplexed(), Frame(Stdout, $"{Stamp1} hello\nplain\n"));

        Assert.Equal(($"{Stamp1} hello", (DateTimeOffset?)Time1), (lines[0].Text, lines[0].Timestamp));
        Assert.Equal(("plain", (DateTimeOffset?)null), (lines[1].Text, lines[1].Timestamp));
    }

    [Fact]
    public void A_multibyte_character_cut_across_frames_and_chunks_is_decoded_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("服务启动成功：端口 10000 ✓\n");
        var data = Concat(Frame(Stdout, bytes[..4]), Frame(Stdout, bytes[4..8]), Frame(Stdout, bytes[8..]));

        for (var chunk = 1; chunk <= 7; chunk++)
        {
            Assert.Equal(["服务启动成功：端口 10000 ✓"], Texts(FeedInChunks(Multiplexed(), data, chunk)));
        }
    }

    [Fact]
    public void Crlf_line_endings_lose_the_carriage_return_even_when_cut_between_cr_and_lf()
    {
        var data = Frame(Stdout, "windows\r\n\r\nlast\r\n");

        for (var split = 0; split <= data.Length; split++)
        {
            Assert.Equal(["windows", "", "last"], Texts(FeedSplitAt(Multiplexed(), data, split)));
        }
    }

    [Fact]
    public void Tty_mode_reads_raw_bytes_as_one_stdout_stream()
    {
        var data = Encoding.UTF8.GetBytes("\u001b[32mready\u001b[0m\r\nsecond line\nno newline");

        for (var chunk = 1; chunk <= 5; chunk++)
        {
            var lines = FeedInChunks(Raw(), data, chunk);

            Assert.Equal(["\u001b[32mready\u001b[0m", "second line", "no newline"], Texts(lines));
            Assert.All(lines, l => Assert.Equal(LogStream.Stdout, l.Stream));
        }
    }

    [Fact]
    public void Tty_mode_with_timestamps_strips_the_stamp_of_every_line()
    {
        var data = Encoding.UTF8.GetBytes($"{Stamp1} one\n{Stamp2} two\n");

        for (var split = 0; split <= data.Length; split++)
        {
            var lines = FeedSplitAt(Raw(timestamps: true), data, split);

            Assert.Equal([("one", Time1), ("two", Time2)], lines.Select(l => (l.Text, l.Timestamp)).ToArray());
        }
    }

    [Fact]
    public void Flush_emits_the_partial_lines_left_at_the_end_of_the_stream()
    {
        var assembler = Multiplexed();
        var lines = new List<LogLine>();

        assembler.Append(Concat(Frame(Stdout, "done\nbye"), Frame(Stderr, "crash")), lines);
        Assert.Equal(["done"], Texts(lines));
        assembler.Flush(lines);
        assembler.Flush(lines);

        Assert.Equal([("done", LogStream.Stdout), ("bye", LogStream.Stdout), ("crash", LogStream.Stderr)], TextAndStream(lines));
    }

    [Fact]
    public void Empty_frames_are_skipped_and_blank_lines_are_kept()
    {
        var data = Concat(Frame(Stdout, ""), Frame(Stdout, "\n\nx\n"), Frame(Stderr, ""));

        Assert.Equal(["", "", "x"], Texts(FeedInChunks(Multiplexed(), data, 3)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Auto_mode_tells_multiplexed_from_tty_output(bool multiplexed)
    {
        var data = multiplexed
            ? Concat(Frame(Stderr, "framed\n"), Frame(Stdout, "too\n"))
            : Encoding.UTF8.GetBytes("framed\ntoo\n");
        var assembler = new DockerFrameLineAssembler("svc", new LineAssemblerOptions { Mode = DockerStreamMode.Auto });

        var lines = FeedInChunks(assembler, data, 1);

        Assert.Equal(["framed", "too"], Texts(lines));
        Assert.Equal(multiplexed ? LogStream.Stderr : LogStream.Stdout, lines[0].Stream);
    }

    [Fact]
    public void A_tty_stream_read_as_multiplexed_fails_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => Multiplexed().Append("hello world\n"u8, []));

        Assert.Contains("TTY", error.Message);
    }

    [Fact]
    public void A_line_over_the_cap_is_truncated_on_a_character_boundary_and_flagged()
    {
        var assembler = new DockerFrameLineAssembler("svc", new LineAssemblerOptions { MaxLineBytes = 20 });
        var bytes = Encoding.UTF8.GetBytes("日志日志日志日志日志\nshort\n");

        var lines = FeedInChunks(assembler, Concat(Frame(Stdout, bytes[..10]), Frame(Stdout, bytes[10..])), 7);

        Assert.Equal(("日志日志日志", true), (lines[0].Text, lines[0].IsTruncated));
        Assert.Equal(("short", false), (lines[1].Text, lines[1].IsTruncated));
    }

    [Fact]
    public void Lines_are_numbered_from_the_first_sequence_and_journal_lines_share_the_numbering()
    {
        var assembler = new DockerFrameLineAssembler("svc", new LineAssemblerOptions { FirstSequence = 41 });
        var lines = new List<LogLine>();

        assembler.Append(Frame(Stdout, "a\nb\n"), lines);
        lines.Add(assembler.CreateSystemLine("container restarted", LogSeverity.Warn));
        assembler.Append(Frame(Stderr, "c\n"), lines);

        Assert.Equal([41L, 42, 43, 44], lines.Select(l => l.Sequence));
        Assert.Equal((LogStream.System, LogSeverity.Warn), (lines[2].Stream, lines[2].Level));
        Assert.All(lines, l => Assert.Equal("svc", l.SourceId));
    }

    [Fact]
    public void Tars_lines_get_their_level_and_a_local_time_stamp()
    {
        var assembler = new DockerFrameLineAssembler(
            "svc", new LineAssemblerOptions { LocalTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai") });
        var lines = new List<LogLine>();

        assembler.Append(Frame(Stdout, "2026-11-23 07:13:24|1234|ERROR|connect db failed\n"), lines);

        var line = Assert.Single(lines);
        Assert.Equal(LogSeverity.Error, line.Level);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 13, 24, TimeSpan.FromHours(8)), line.Timestamp);
    }

    [Fact]
    public void Throughput_of_short_lines_is_reported()
    {
        var frames = new List<byte[]>();
        for (var i = 0; i < 1000; i++)
        {
            frames.Add(Frame(i % 7 == 0 ? Stderr : Stdout, $"2026-11-23 07:13:24|{i}|INFO|request {i} served in 3 ms\n"));
        }

        var block = Concat([.. frames]);
        var assembler = Multiplexed();
        var lines = new List<LogLine>(1000);
        var total = 0L;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 500; round++)
        {
            for (var start = 0; start < block.Length; start += 32 * 1024)
            {
                assembler.Append(block.AsSpan(start, Math.Min(32 * 1024, block.Length - start)), lines);
            }

            total += lines.Count;
            lines.Clear();
        }

        watch.Stop();
        Assert.Equal(500_000, total);
        output.WriteLine($"{total:N0} lines in {watch.ElapsedMilliseconds} ms = {total / watch.Elapsed.TotalSeconds:N0} lines/s");
    }
}
