using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogSearchTests
{
    private static LogSearch Create(string pattern, bool regex = false, bool matchCase = false)
    {
        var search = LogSearch.TryCreate(pattern, regex, matchCase, out var error);
        Assert.Null(error);
        return search!;
    }

    private static LogLine Line(long sequence, string text) =>
        new("svc", sequence, null, LogStream.Stdout, text, LogSeverity.None);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Plain_search_is_ordinal_with_a_case_toggle(bool matchCase, bool expected)
    {
        var search = Create("Timeout", matchCase: matchCase);

        Assert.True(search.IsMatch("call Timeout after 3s"));
        Assert.Equal(expected, search.IsMatch("call TIMEOUT after 3s"));
        Assert.False(search.IsMatch("call time out"));
    }

    [Fact]
    public void Plain_search_treats_regex_characters_literally()
    {
        var search = Create("a.b(c)");

        Assert.True(search.IsMatch("x a.b(c) y"));
        Assert.False(search.IsMatch("x aXb(c) y"));
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    public void Regex_search_has_a_case_toggle(bool matchCase, int expectedMatches)
    {
        var search = Create(@"err(or)?\s+\d+", regex: true, matchCase: matchCase);

        Assert.Equal(expectedMatches, search.FindMatches("err 42 then ERROR 7").Count);
    }

    [Fact]
    public void Matches_come_back_as_ranges_for_highlighting()
    {
        Assert.Equal([new TextMatch(0, 2), new TextMatch(5, 2)], Create("ab").FindMatches("abx aAB"));
        Assert.Equal([new TextMatch(4, 3)], Create(@"\d+", regex: true).FindMatches("id: 123"));
    }

    [Fact]
    public void Empty_regex_matches_select_the_line_but_highlight_nothing()
    {
        var search = Create("x*", regex: true);

        Assert.True(search.IsMatch("abc"));
        Assert.Empty(search.FindMatches("abc"));
    }

    [Fact]
    public void An_empty_pattern_matches_everything()
    {
        var search = Create("");

        Assert.True(search.IsEmpty);
        Assert.True(search.IsMatch("anything"));
        Assert.Empty(search.FindMatches("anything"));
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("[a-")]
    [InlineData("*starts with a quantifier")]
    [InlineData(@"trailing\")]
    public void An_invalid_regex_gives_an_error_to_show_instead_of_throwing(string pattern)
    {
        var search = LogSearch.TryCreate(pattern, useRegex: true, matchCase: false, out var error);

        Assert.Null(search);
        Assert.Equal("Logs.Search.InvalidPattern", error!.Code);
        Assert.StartsWith("Invalid regular expression", error.Message);
    }

    [Theory]
    [InlineData(@"(a)\1")]
    [InlineData("foo(?=bar)")]
    [InlineData("(?>atomic)")]
    public void Constructs_that_need_backtracking_are_refused_with_a_reason(string pattern)
    {
        Assert.Null(LogSearch.TryCreate(pattern, useRegex: true, matchCase: false, out var error));
        Assert.Equal("Logs.Search.Unsupported", error!.Code);
    }

    [Fact]
    public void An_overlong_pattern_is_refused()
    {
        Assert.Null(LogSearch.TryCreate(new string('a', LogSearch.MaxPatternLength + 1), false, false, out var error));
        Assert.Equal("Logs.Search.TooLong", error!.Code);
    }

    [Theory]
    [InlineData("(a+)+$", false)]
    [InlineData("(a|aa)*b", false)]
    [InlineData("(.*a){12}", true)]
    public async Task A_catastrophic_pattern_finishes_on_a_hostile_line(string pattern, bool expected)
    {
        var search = Create(pattern, regex: true);
        var hostile = new string('a', 50_000) + "!";

        // Guards against a hang only; a backtracking engine would not finish this in any reasonable time.
        var run = Task.Run(() => (search.IsMatch(hostile), search.FindMatches(hostile).Count > 0));

        Assert.Equal((expected, expected), await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Filter_keeps_matching_lines_in_order_up_to_a_limit()
    {
        LogLine[] lines = [Line(1, "GET /a 200"), Line(2, "GET /b 500"), Line(3, "POST /c 500"), Line(4, "GET /d 500")];
        var search = Create(@"\s5\d\d$", regex: true);

        Assert.Equal([2L, 3, 4], search.Filter(lines).Select(l => l.Sequence));
        Assert.Equal([2L, 3], search.Filter(lines, maxResults: 2).Select(l => l.Sequence));
    }
}
