using System.Text;
using TarsDashboard.Core.Logs;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>
/// The polling follower of Tars log files over an in-memory file that answers tarsnode's way: offsets, the first
/// window, lines cut between polls, rotation, large backlogs, and the exact fixed commands it sends.
/// </summary>
public sealed class TarsLogPollerTests
{
    private const string Size = "wc -c < \"__log_file_name__\"";
    private const int Max = TarsLogPoller.MaxReadBytes;

    private readonly FakeTarsLogFile _file = new();
    private readonly TarsLogPoller _poller = new("tarslog:node1:Test.Hello:Test.Hello.log");

    private static string Range(long from1, int count) => $"tail -c +{from1} \"__log_file_name__\" | head -c {count}";

    private async Task<(TarsLogPoll Poll, List<string> Lines, List<string> Commands)> PollAsync(int firstLines = 1000, int maxReads = 8)
    {
        var before = _file.Commands.Count;
        var lines = new List<LogLine>();
        var poll = await _poller.PollAsync((command, _) => Task.FromResult(_file.Run(command.Text)), lines, firstLines, maxReads, CancellationToken.None);
        return (poll, lines.Select(l => l.Text).ToList(), _file.Commands.Skip(before).ToList());
    }

    [Fact]
    public async Task The_first_poll_asks_the_size_then_the_last_N_lines_up_to_it()
    {
        _file.Append("one\ntwo\nthree\nfour\nfive\n");

        var (poll, lines, commands) = await PollAsync(firstLines: 3);

        Assert.Equal(TarsLogPollOutcome.Read, poll.Outcome);
        Assert.Equal([Size, Range(1, 24) + " | tail -n 3"], commands);
        Assert.Equal(["three", "four", "five"], lines);
        Assert.Equal(24, _poller.Offset);
    }

    [Fact]
    public async Task What_is_appended_is_read_from_the_offset_and_an_unchanged_file_costs_one_size_call()
    {
        _file.Append("one\ntwo\n");
        await PollAsync();

        _file.Append("three\nfour\n");
        var grown = await PollAsync();
        var unchanged = await PollAsync();

        Assert.Equal([Size, Range(9, 11)], grown.Commands);
        Assert.Equal(["three", "four"], grown.Lines);
        Assert.Equal(TarsLogPollOutcome.Unchanged, unchanged.Poll.Outcome);
        Assert.Equal([Size], unchanged.Commands);
        Assert.Equal(19, _poller.Offset);
    }

    [Fact]
    public async Task A_line_still_being_written_waits_for_its_end()
    {
        await PollAsync();
        _file.Append("first\npart");
        var half = await PollAsync();

        _file.Append("ial line\n");
        var whole = await PollAsync();

        Assert.Equal(["first"], half.Lines);
        Assert.Equal(["partial line"], whole.Lines);
    }

    [Fact]
    public async Task With_no_history_asked_only_lines_written_afterwards_are_shown()
    {
        _file.Append("old\n");

        var first = await PollAsync(firstLines: 0);
        _file.Append("new\n");
        var next = await PollAsync(firstLines: 0);

        Assert.Equal([Size], first.Commands);
        Assert.Empty(first.Lines);
        Assert.Equal(["new"], next.Lines);
    }

    [Fact]
    public async Task A_file_that_got_shorter_was_rolled_over_and_is_read_again_from_its_start()
    {
        _file.Append("a long line before the roll\nlast unfinished");
        await PollAsync();

        _file.Replace("fresh\n");
        var rolled = await PollAsync();
        var reread = await PollAsync();

        Assert.Equal(TarsLogPollOutcome.Restarted, rolled.Poll.Outcome);
        Assert.Equal([Size], rolled.Commands);
        Assert.Equal(["last unfinished"], rolled.Lines); // the old file's end is complete now
        Assert.Equal([Size, Range(1, 6)], reread.Commands);
        Assert.Equal(["fresh"], reread.Lines);
    }

    [Fact]
    public async Task A_large_backlog_is_read_in_ranges_of_at_most_a_megabyte_and_reported_behind()
    {
        await PollAsync();
        var line = new string('x', 1023) + "\n";
        _file.Append(string.Concat(Enumerable.Repeat(line, 2560))); // 2.5 MiB

        var first = await PollAsync(maxReads: 2);
        var rest = await PollAsync(maxReads: 2);

        Assert.True(first.Poll.Behind);
        Assert.Equal([Size, Range(1, Max), Range(Max + 1, Max)], first.Commands);
        Assert.False(rest.Poll.Behind);
        Assert.Equal([Size, Range(2L * Max + 1, Max / 2)], rest.Commands);
        Assert.Equal(2560, first.Lines.Count + rest.Lines.Count);
        Assert.All(first.Lines.Concat(rest.Lines), l => Assert.Equal(1023, l.Length));
    }

    [Fact]
    public async Task A_first_window_inside_a_big_file_starts_a_megabyte_before_its_end_and_drops_the_cut_line()
    {
        var line = new string('y', 2999) + "\n";
        _file.Append(string.Concat(Enumerable.Repeat(line, 1000))); // 3,000,000 bytes, 349 lines in the last MiB

        var (_, lines, commands) = await PollAsync(firstLines: 1000);

        Assert.Equal([Size, Range(3_000_000 - Max + 1, Max) + " | tail -n 1000"], commands);
        Assert.Equal(Max / 3000, lines.Count);
        Assert.All(lines, l => Assert.Equal(2999, l.Length));
    }

    [Fact]
    public async Task A_missing_file_is_refused_with_tarsnode_s_minus_one_and_nothing_is_read()
    {
        _file.Exists = false;

        var (poll, lines, commands) = await PollAsync();

        Assert.Equal((TarsLogPollOutcome.Refused, -1), (poll.Outcome, poll.Ret));
        Assert.Equal([Size], commands);
        Assert.Empty(lines);
        Assert.Null(_poller.Offset);
    }

    [Fact]
    public async Task A_size_that_is_not_a_number_fails_the_poll()
    {
        var lines = new List<LogLine>();

        var failed = await Assert.ThrowsAsync<InvalidDataException>(() => _poller.PollAsync(
            (_, _) => Task.FromResult(new Core.Tars.LogDataResult(0, "wc: not found\n")), lines, 10, 8, CancellationToken.None));

        Assert.Contains("wc: not found", failed.Message);
    }

    [Fact]
    public async Task A_NUL_byte_in_the_log_does_not_hold_the_follower_in_place()
    {
        await PollAsync();
        _file.Append([.. Encoding.UTF8.GetBytes("before"), 0, .. Encoding.UTF8.GetBytes("hidden\n")]);
        var cut = await PollAsync();

        _file.Append("after\n");
        var next = await PollAsync();

        Assert.Empty(cut.Lines); // tarsnode's answer stops at the NUL: "before" waits for a line end
        Assert.Equal([Size, Range(15, 6)], next.Commands);
        Assert.Equal(["beforeafter"], next.Lines);
    }

    [Fact]
    public void The_fixed_commands_are_made_of_fixed_text_and_numbers_only()
    {
        Assert.Equal(Size, TarsLogCommand.Size.Text);
        Assert.Equal("tail -c +1 \"__log_file_name__\" | head -c 5", TarsLogCommand.Range(0, 5).Text);
        Assert.Equal("tail -c +4294967297 \"__log_file_name__\" | head -c 1048576 | tail -n 1000",
            TarsLogCommand.LastLines(4_294_967_296, 1_048_576, 1000).Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => TarsLogCommand.Range(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TarsLogCommand.Range(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TarsLogCommand.LastLines(0, 5, 0));
    }
}
