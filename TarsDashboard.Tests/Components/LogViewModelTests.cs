using TarsDashboard.Core.Logs;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The log viewer's state without its markup: the queue, pause, the bounded window, search and filter.</summary>
public sealed class LogViewModelTests
{
    private long _sequence;

    [Fact]
    public void Queued_lines_show_only_once_applied()
    {
        var model = new LogViewModel(100);

        model.Enqueue(Batch("one", "two"), source: 0);

        Assert.Empty(model.View);
        Assert.True(model.Apply());
        Assert.Equal(["one", "two"], Texts(model.View));
        Assert.Equal(2, model.LineCount);
        Assert.True(model.ScrollToEnd);
        Assert.False(model.Apply());
    }

    [Fact]
    public void Results_read_from_the_top_do_not_scroll_to_the_end_and_a_marked_moment_is_brought_into_view()
    {
        var model = new LogViewModel(100) { FollowEnd = false };
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        LogLine Timed(string text, int seconds) => Line(text) with { Timestamp = at.AddSeconds(seconds) };

        model.Enqueue(new LogBatch([Timed("one", 0), Timed("two", 5), Timed("three", 10)], 0, _sequence), source: 0);
        model.Apply();

        Assert.False(model.ScrollToEnd);
        var second = model.View[1];
        Assert.False(model.MarkTime(at.AddSeconds(11)));
        Assert.True(model.MarkTime(at.AddSeconds(3)));
        Assert.Equal(second.Key, model.MarkedKey);
        Assert.Equal(second.Key, model.ScrollToKey);
    }

    [Fact]
    public void Pause_holds_new_lines_and_counts_them_and_resume_applies_them_in_order()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("one"), 0);
        model.Apply();

        model.Pause();
        model.Enqueue(Batch("two", "three"), 0);
        model.Enqueue(Batch("four"), 0);

        Assert.True(model.Apply());
        Assert.Equal(3, model.HeldLines);
        Assert.Equal(["one"], Texts(model.View));
        Assert.False(model.Apply()); // nothing new: no render

        model.Resume();

        Assert.False(model.Paused);
        Assert.Equal(0, model.HeldLines);
        Assert.Equal(["one", "two", "three", "four"], Texts(model.View));
    }

    [Fact]
    public void The_window_keeps_the_newest_lines_up_to_its_capacity()
    {
        var model = new LogViewModel(3);

        for (var i = 1; i <= 5; i++)
        {
            model.Enqueue(Batch($"line {i}"), 0);
            model.Apply();
        }

        Assert.Equal(["line 3", "line 4", "line 5"], Texts(model.View));
        Assert.Equal(3, model.LineCount);
    }

    [Fact]
    public void Lines_dropped_while_paused_are_counted_in_one_gap_marker()
    {
        var model = new LogViewModel(3);
        model.Pause();

        model.Enqueue(Batch("one", "two", "three", "four", "five"), 0);
        model.Apply();

        Assert.Equal(2, model.HeldLines);
        model.Resume();
        Assert.Equal([null, "four", "five"], model.View.Select(e => e.Line?.Text));
        Assert.Equal(3, model.View[0].Skipped);
        Assert.Equal(2, model.LineCount);
    }

    [Fact]
    public void The_filter_shows_only_matches_and_gaps_and_keeps_up_with_new_lines()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("alpha ready", "beta waiting"), 0);
        model.Apply();

        model.SetSearch("READY", useRegex: false, matchCase: false);
        Assert.Single(model.MatchKeys);
        Assert.Equal(2, model.View.Count);

        model.SetFilter(true);
        Assert.Equal(["alpha ready"], Texts(model.View));

        model.Enqueue(Batch("gamma ready", "delta"), 0);
        model.Apply();
        Assert.Equal(["alpha ready", "gamma ready"], Texts(model.View));
        Assert.Equal(2, model.MatchKeys.Count);

        model.SetFilter(false);
        Assert.Equal(4, model.View.Count);
    }

    [Fact]
    public void An_invalid_regex_is_an_error_and_matches_nothing()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("a(b"), 0);
        model.Apply();

        model.SetSearch("(", useRegex: true, matchCase: false);

        Assert.NotNull(model.SearchError);
        Assert.Empty(model.MatchKeys);
        Assert.Single(model.View);
    }

    [Fact]
    public void Stepping_through_matches_wraps_and_asks_to_scroll_to_each()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("match a", "other", "match b"), 0);
        model.Apply();
        model.SetSearch("match", false, false);

        model.MoveMatch(1);
        var first = model.CurrentMatch;
        model.MoveMatch(1);
        model.MoveMatch(1);

        Assert.Equal(first, model.CurrentMatch);
        Assert.Equal(first, model.ScrollToKey);
        Assert.False(model.ScrollToEnd);
        model.MoveMatch(-1);
        Assert.Equal("match b", model.View[model.IndexInView(model.CurrentMatch!.Value)].Line!.Text);
    }

    [Fact]
    public void A_reset_for_new_sources_empties_the_window_and_drops_batches_of_stopped_readers()
    {
        var model = new LogViewModel(100);
        using var oldReader = new CancellationTokenSource();
        model.SetSearch("x", false, false);
        model.Enqueue(Batch("x old"), 0, oldReader.Token);
        model.Apply();

        oldReader.Cancel();
        model.Reset(100);
        model.Enqueue(Batch("x late"), 0, oldReader.Token);
        model.Enqueue(Batch("x new"), 0);
        model.Apply();

        Assert.Equal(["x new"], Texts(model.View));
        Assert.Equal("x", model.SearchText);
        Assert.Single(model.MatchKeys);
    }

    [Fact]
    public void Lines_queued_from_many_threads_all_arrive()
    {
        var model = new LogViewModel(10_000);

        Parallel.For(0, 8, source =>
        {
            for (var i = 0; i < 100; i++)
            {
                model.Enqueue(new LogBatch([Line($"{source}:{i}")], 0, i), source);
            }
        });
        model.Apply();

        Assert.Equal(800, model.LineCount);
    }

    [Fact]
    public void Level_chips_hide_the_lines_of_a_level_and_keep_gaps_and_the_search_over_the_rest()
    {
        var model = new LogViewModel(100);
        model.Enqueue(new LogBatch([Line("boot", LogSeverity.Info), Line("disk slow", LogSeverity.Warn), Line("disk gone", LogSeverity.Error)], 2, 0), 0);
        model.Apply();
        model.SetSearch("disk", false, false);

        model.ToggleLevel(LogSeverity.Warn);

        Assert.False(model.IsLevelShown(LogSeverity.Warn));
        Assert.Equal([null, "boot", "disk gone"], Texts(model.View));
        Assert.Single(model.MatchKeys);

        model.Enqueue(new LogBatch([Line("disk again", LogSeverity.Warn), Line("disk down", LogSeverity.Error)], 0, 0), 0);
        model.Apply();
        Assert.Equal([null, "boot", "disk gone", "disk down"], Texts(model.View));
        Assert.Equal(2, model.MatchKeys.Count);

        model.SetFilter(true);
        Assert.Equal([null, "disk gone", "disk down"], Texts(model.View));

        model.ToggleLevel(LogSeverity.Warn);
        Assert.True(model.IsLevelShown(LogSeverity.Warn));
        Assert.Equal([null, "disk slow", "disk gone", "disk again", "disk down"], Texts(model.View));
        Assert.Equal(4, model.MatchKeys.Count);
    }

    [Fact]
    public void A_stack_trace_is_one_entry_even_when_its_frames_arrive_in_a_later_batch()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("starting", "java.lang.IllegalStateException: boom", "\tat com.example.App.run(App.java:12)"), 0);
        model.Apply();

        model.Enqueue(Batch("Caused by: java.io.IOException: disk", "\t... 12 more", "next request"), 0);
        model.Apply();

        Assert.Equal(["starting", "java.lang.IllegalStateException: boom", "next request"], Texts(model.View));
        Assert.Equal(["\tat com.example.App.run(App.java:12)", "Caused by: java.io.IOException: disk", "\t... 12 more"],
            model.View[1].Continuations.Select(line => line.Text));
        Assert.Equal(6, model.LineCount);
    }

    [Fact]
    public void In_a_merged_view_only_lines_of_the_same_source_join()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("java.lang.RuntimeException: a"), 0);
        model.Enqueue(Batch("    indented line of another source"), 1);
        model.Enqueue(Batch("\tat A.run(A.java:1)"), 0);
        model.Apply();

        Assert.Equal(["java.lang.RuntimeException: a", "    indented line of another source"], Texts(model.View));
        Assert.Equal(["\tat A.run(A.java:1)"], model.View[0].Continuations.Select(line => line.Text));
        Assert.Empty(model.View[1].Continuations);
        Assert.Equal(3, model.LineCount);
    }

    [Fact]
    public void A_gap_ends_the_entry_before_it()
    {
        var model = new LogViewModel(100);
        model.Enqueue(Batch("java.lang.RuntimeException: a"), 0);
        model.Enqueue(new LogBatch([Line("\tat A.run(A.java:1)")], 4, _sequence), 0);
        model.Apply();

        Assert.Equal(["java.lang.RuntimeException: a", null, "\tat A.run(A.java:1)"], Texts(model.View));
        Assert.Equal(2, model.LineCount);
    }

    [Fact]
    public void A_search_that_matches_a_frame_arriving_later_selects_the_entry_in_its_place()
    {
        var model = new LogViewModel(100);
        model.SetSearch("IOException", useRegex: false, matchCase: false);
        model.SetFilter(true);
        model.Enqueue(Batch("java.lang.RuntimeException: a"), 0);
        model.Enqueue(Batch("IOException on the other source"), 1);
        model.Apply();
        Assert.Equal(["IOException on the other source"], Texts(model.View));

        model.Enqueue(Batch("Caused by: java.io.IOException: disk"), 0);
        model.Apply();

        Assert.Equal(["java.lang.RuntimeException: a", "IOException on the other source"], Texts(model.View));
        Assert.Equal([model.View[0].Key, model.View[1].Key], model.MatchKeys);

        model.Enqueue(Batch("\tat IOException.again(X.java:1)"), 0);
        model.Apply();
        Assert.Equal(2, model.MatchKeys.Count);
        Assert.Equal(2, model.View.Count);
    }

    [Fact]
    public void The_level_chips_go_by_the_first_line_of_an_entry()
    {
        var model = new LogViewModel(100);
        model.Enqueue(new LogBatch([Line("request failed", LogSeverity.Error), Line("\tat A.run(A.java:1)", LogSeverity.Info)], 0, 0), 0);
        model.Apply();

        model.ToggleLevel(LogSeverity.Info);
        Assert.Equal(["request failed"], Texts(model.View));

        model.ToggleLevel(LogSeverity.Error);
        Assert.Empty(model.View);
    }

    [Fact]
    public void The_lines_of_an_entry_count_toward_the_capacity_and_an_entry_never_outgrows_it()
    {
        var model = new LogViewModel(3);
        model.Enqueue(Batch("java.lang.RuntimeException: a", "\tat A.one(A.java:1)"), 0);
        model.Apply();
        model.Enqueue(Batch("\tat A.two(A.java:2)", "\tat A.three(A.java:3)"), 0);
        model.Apply();

        // An entry holds three lines at most, so the fourth starts a new one; the first no longer fits beside it.
        Assert.Equal(["\tat A.three(A.java:3)"], Texts(model.View));
        Assert.Equal(1, model.LineCount);

        model.Enqueue(Batch("plain", "next"), 0);
        model.Apply();
        Assert.Equal(["\tat A.three(A.java:3)", "plain", "next"], Texts(model.View));
        Assert.Equal(3, model.LineCount);
    }

    [Fact]
    public void An_endless_indented_stream_is_cut_into_entries_of_bounded_size()
    {
        var model = new LogViewModel(10_000);
        model.Enqueue(Batch([.. Enumerable.Range(0, 1200).Select(i => i == 0 ? "head" : $"  line {i}")]), 0);
        model.Apply();

        Assert.Equal([501, 501, 198], model.View.Select(e => e.LineCount));
        Assert.Equal(1200, model.LineCount);
    }

    private LogBatch Batch(params string[] texts) => new([.. texts.Select(Line)], 0, _sequence);

    private LogLine Line(string text) => Line(text, LogSeverity.None);

    private LogLine Line(string text, LogSeverity level) => new("test", Interlocked.Increment(ref _sequence), null, LogStream.Stdout, text, level);

    private static List<string?> Texts(IEnumerable<LogViewerEntry> entries) => [.. entries.Select(e => e.Line?.Text)];
}
