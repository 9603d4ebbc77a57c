using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogMergerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private sealed record Entry(int Source, string Text, DateTimeOffset? Time);

    private static Entry At(int source, string text, int? seconds) => new(source, text, seconds is { } s ? T0.AddSeconds(s) : null);

    private static LogMerger<Entry> Merger(int capacity = 100) => new(capacity, e => e.Source, e => e.Time);

    private static string[] Texts(LogMerger<Entry> merger) => [.. merger.Items.Select(e => e.Text)];

    [Fact]
    public void Lines_of_two_sources_are_interleaved_by_time_whatever_order_they_arrive_in()
    {
        var merger = Merger();

        Assert.True(merger.Add([At(0, "a1", 1), At(0, "a3", 3), At(0, "a5", 5)]));
        Assert.False(merger.Add([At(1, "b2", 2), At(1, "b4", 4), At(1, "b6", 6)]));

        Assert.Equal(["a1", "b2", "a3", "b4", "a5", "b6"], Texts(merger));
    }

    [Fact]
    public void Remove_oldest_drops_from_the_front_and_hands_back_what_went()
    {
        var merger = Merger();
        merger.Add([At(0, "a1", 1), At(0, "a2", 2), At(0, "a3", 3)]);
        var dropped = new List<Entry>();

        merger.RemoveOldest(2, dropped);
        merger.RemoveOldest(5);

        Assert.Equal(["a1", "a2"], dropped.Select(e => e.Text));
        Assert.Empty(Texts(merger));
        Assert.True(merger.Add([At(0, "a4", 4)]));
    }

    [Fact]
    public void Equal_times_keep_arrival_order()
    {
        var merger = Merger();

        merger.Add([At(0, "a", 1), At(1, "b", 1), At(0, "c", 1)]);

        Assert.Equal(["a", "b", "c"], Texts(merger));
    }

    [Fact]
    public void A_line_without_a_timestamp_stays_right_after_its_source_s_previous_line()
    {
        var merger = Merger();
        merger.Add([At(0, "a1", 1), At(1, "b5", 5)]);

        var appended = merger.Add([At(0, "a-untimed", null), At(1, "b-untimed", null)]);

        Assert.False(appended);
        Assert.Equal(["a1", "a-untimed", "b5", "b-untimed"], Texts(merger));
    }

    [Fact]
    public void A_source_s_first_line_without_a_timestamp_goes_to_the_end_in_arrival_order()
    {
        var merger = Merger();
        merger.Add([At(0, "a1", 1), At(0, "a9", 9)]);

        Assert.True(merger.Add([At(1, "file first", null), At(1, "file second", null)]));

        Assert.Equal(["a1", "a9", "file first", "file second"], Texts(merger));
    }

    [Fact]
    public void A_source_that_never_has_a_timestamp_keeps_arriving_at_the_end_after_timed_lines()
    {
        var merger = Merger();
        merger.Add([At(0, "a1", 1)]);
        merger.Add([At(1, "file 1", null)]);
        merger.Add([At(0, "a2", 2), At(0, "a3", 3)]);

        Assert.True(merger.Add([At(1, "file 2", null)]));

        Assert.Equal(["a1", "file 1", "a2", "a3", "file 2"], Texts(merger));
    }

    [Fact]
    public void A_source_whose_clock_steps_back_keeps_its_own_order()
    {
        var merger = Merger();

        merger.Add([At(0, "a5", 5), At(0, "a3-after-a5", 3), At(1, "b4", 4)]);

        Assert.Equal(["b4", "a5", "a3-after-a5"], Texts(merger));
    }

    [Fact]
    public void A_single_source_keeps_arrival_order_and_always_appends()
    {
        var merger = Merger();

        Assert.True(merger.Add([At(0, "x", 9), At(0, "y", null), At(0, "z", 2)]));

        Assert.Equal(["x", "y", "z"], Texts(merger));
    }

    [Fact]
    public void The_oldest_entries_drop_out_beyond_the_capacity_and_are_reported()
    {
        var merger = Merger(capacity: 3);
        var dropped = new List<Entry>();

        merger.Add([At(0, "a1", 1), At(0, "a3", 3), At(1, "b2", 2), At(1, "b4", 4)], dropped);

        Assert.Equal(["b2", "a3", "b4"], Texts(merger));
        Assert.Equal(["a1"], dropped.Select(e => e.Text));
    }

    [Fact]
    public void Clear_forgets_entries_and_each_source_s_last_time()
    {
        var merger = Merger();
        merger.Add([At(0, "old", 50)]);

        merger.Clear();
        merger.Add([At(0, "new", 1), At(1, "other", 2)]);

        Assert.Equal(["new", "other"], Texts(merger));
    }
}
