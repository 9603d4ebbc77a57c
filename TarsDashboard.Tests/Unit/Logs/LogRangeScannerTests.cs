using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>The range search's pure parts: the range a form gives, and how lines are kept, counted and stopped.</summary>
public sealed class LogRangeScannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static LogLine Line(int seconds, string text, LogSeverity level = LogSeverity.Info, bool timed = true) =>
        new("file:n:A.B:/x.log", seconds, timed ? T0.AddSeconds(seconds) : null, LogStream.Stdout, text, level);

    private static LogRangeQuery Query(int fromSeconds, int toSeconds, string pattern = "", int max = 100) =>
        new(LogTimeRange.TryCreate(T0.AddSeconds(fromSeconds), T0.AddSeconds(toSeconds), out _)!, LogSearch.TryCreate(pattern, false, false, out _)!,
            MaxMatches: max);

    [Fact]
    public void A_reversed_range_is_refused_with_a_message()
    {
        Assert.Null(LogTimeRange.TryCreate(T0, T0.AddSeconds(-1), out var error));
        Assert.Equal("Logs.Range.Reversed", error!.Code);
        Assert.Null(LogTimeRange.TryCreate(null, T0, out error));
        Assert.Equal("Logs.Range.FromMissing", error!.Code);
        Assert.NotNull(LogTimeRange.TryCreate(T0, T0, out error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("2026-12-03 10:00:00")]
    [InlineData("2026-12-03 10:00")]
    [InlineData("2026-12-03T10:00:00Z")]
    [InlineData("2026-12-03T12:00:00+02:00")]
    public void Typed_times_are_read_as_utc_unless_they_say_otherwise(string text)
    {
        Assert.Equal(T0, LogTimeRange.ParseTime(text, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Text_that_is_not_a_time_gets_a_message_and_empty_text_is_no_time()
    {
        Assert.Null(LogTimeRange.ParseTime("yesterday", out var error));
        Assert.Equal("Logs.Range.BadTime", error!.Code);
        Assert.Null(LogTimeRange.ParseTime("  ", out error));
        Assert.Null(error);
        Assert.Equal("2026-12-03 10:00:00", LogTimeRange.FormatTime(T0));
    }

    [Fact]
    public void Lines_outside_the_range_are_skipped_and_a_file_stops_at_the_first_line_past_its_end()
    {
        var scanner = new LogRangeScanner(Query(10, 20, "x"), stopPastEnd: true);

        var found = scanner.Scan([Line(5, "x early"), Line(10, "x first"), Line(15, "y"), Line(20, "x last"), Line(21, "x late"), Line(22, "x later")]);

        Assert.Equal(["x first", "x last"], found.Select(l => l.Text));
        Assert.Equal(3, scanner.Scanned);
        Assert.True(scanner.PastEnd);
        Assert.Equal(1, scanner.Progress);
    }

    [Fact]
    public void A_line_without_a_time_takes_the_time_of_the_line_before_it()
    {
        var scanner = new LogRangeScanner(Query(10, 20, "frame"), stopPastEnd: false);

        var found = ScanAll(scanner, [Line(0, "untimed head", timed: false), Line(5, "old"), Line(6, "old frame", timed: false), Line(12, "new"),
            Line(13, "new frame", timed: false)]);

        Assert.Equal(["new frame"], found.Select(l => l.Text));
        Assert.Equal(3, scanner.Scanned); // the untimed head, "new" and its frame
    }

    [Fact]
    public void Lines_before_any_timed_line_are_kept_since_nothing_places_them_outside()
    {
        var scanner = new LogRangeScanner(Query(10, 20), stopPastEnd: true);

        Assert.Single(ScanAll(scanner, [Line(0, "no time", timed: false)]));
    }

    [Fact]
    public void The_level_filter_and_the_match_limit_apply_and_the_limit_is_reported()
    {
        var query = Query(0, 100, max: 2) with { Levels = new HashSet<LogSeverity> { LogSeverity.Error } };
        var scanner = new LogRangeScanner(query, stopPastEnd: true);

        var found = ScanAll(scanner, [Line(1, "a", LogSeverity.Error), Line(2, "b"), Line(3, "c", LogSeverity.Error), Line(4, "d", LogSeverity.Error)]);

        Assert.Equal(["a", "c"], found.Select(l => l.Text));
        Assert.True(scanner.LimitReached);
        Assert.True(scanner.Finished);
    }

    [Fact]
    public void A_stack_trace_is_one_entry_found_by_any_of_its_lines_and_kept_by_its_head_s_level()
    {
        var query = Query(0, 100, "Payment.java") with { Levels = new HashSet<LogSeverity> { LogSeverity.Error } };
        var scanner = new LogRangeScanner(query, stopPastEnd: true);

        var found = ScanAll(scanner, [
            Line(1, "ERROR payment timed out", LogSeverity.Error), Line(1, "\tat shop.Payment.charge(Payment.java:42)", LogSeverity.None),
            Line(1, "\tat shop.Order.pay(Order.java:17)", LogSeverity.None), Line(2, "INFO next order"),
            Line(3, "WARN slow", LogSeverity.Warn), Line(3, "\tat shop.Payment.charge(Payment.java:42)", LogSeverity.None),
        ]);

        Assert.Equal(["ERROR payment timed out", "\tat shop.Payment.charge(Payment.java:42)", "\tat shop.Order.pay(Order.java:17)"],
            found.Select(l => l.Text));
        Assert.Equal(1, scanner.MatchCount);
        Assert.Equal(6, scanner.Scanned);
    }

    [Fact]
    public void An_entry_left_open_at_the_end_of_a_batch_takes_the_frames_of_the_next()
    {
        var scanner = new LogRangeScanner(Query(0, 100, "timed out"), stopPastEnd: true);

        var first = scanner.Scan([Line(1, "ERROR timed out", LogSeverity.Error)]);
        var second = scanner.Scan([Line(1, "\tat a.B.c(B.java:1)", LogSeverity.None), Line(2, "INFO next")]);

        Assert.Empty(first);
        Assert.Equal(["ERROR timed out", "\tat a.B.c(B.java:1)"], second.Select(l => l.Text));
    }

    private static List<LogLine> ScanAll(LogRangeScanner scanner, IReadOnlyList<LogLine> lines) => [.. scanner.Scan(lines), .. scanner.Finish()];

    [Fact]
    public async Task The_scan_ends_with_a_batch_that_says_the_whole_range_was_read()
    {
        var query = Query(0, 100, "x");
        IReadOnlyList<LogLine>[] source = [[Line(10, "x one")], [Line(50, "y")]];

        var batches = await LogRangeScanner.ScanAsync(source.ToAsyncEnumerable(), query, stopPastEnd: false, CancellationToken.None).ToListAsync();

        // An entry comes out once the next line shows it has no more frames.
        Assert.Equal([0, 1, 0], batches.Select(b => b.Matches.Count));
        Assert.Equal(0.5, batches[1].Progress);
        Assert.Equal(1, batches[^1].Progress);
        Assert.Equal(2, batches[^1].Scanned);
        Assert.Equal(1, batches[^1].MatchCount);
    }
}
