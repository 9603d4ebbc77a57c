using Bunit;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The log viewer fed by a journal: live lines, pause and resume, search, filter and safe rendering.</summary>
public sealed class LogViewerTests : DashboardComponentTest
{
    private const string Node = "viewer-node";
    private static readonly Caller Admin = new("admin");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private LogSubscription _subscription = null!;

    private JournalLog Journal => Core.Get<JournalLog>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _subscription = await Core.Get<LogStreamManager>().OpenAsync(Admin, LogSourceId.ForNodeJournal(Node));
    }

    [Fact]
    public void Lines_written_to_the_source_appear()
    {
        var cut = RenderViewer();

        Write("first", "second", "third");

        cut.WaitForAssertion(() => Assert.Equal(["first", "second", "third"], Texts(cut)), Wait);
        Assert.Equal("3", cut.Find(".log-viewer").GetAttribute("data-line-count"));
        Assert.All(cut.FindAll("[data-seq]"), row => Assert.False(string.IsNullOrEmpty(row.GetAttribute("data-seq"))));
    }

    [Fact]
    public void Pause_counts_new_lines_and_resume_shows_them_all_in_order()
    {
        var cut = RenderViewer();
        Write("one", "two");
        cut.WaitForAssertion(() => Assert.Equal(2, Texts(cut).Count), Wait);

        cut.Find("[data-testid=log-pause]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".log-viewer").GetAttribute("data-paused")), Wait);
        Write("three", "four", "five");

        cut.WaitForAssertion(() => Assert.Contains("3 new lines", cut.Find("[data-testid=log-new-lines]").TextContent), Wait);
        Assert.Equal(["one", "two"], Texts(cut));

        cut.Find("[data-testid=log-pause]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["one", "two", "three", "four", "five"], Texts(cut)), Wait);
        var sequences = cut.FindAll("[data-seq]").Select(row => long.Parse(row.GetAttribute("data-seq")!)).ToList();
        Assert.Equal(sequences.Order().Distinct(), sequences);
        Assert.Empty(cut.FindAll("[data-testid=log-new-lines]"));
    }

    [Fact]
    public void The_window_is_bounded_and_lines_dropped_while_paused_show_as_a_gap()
    {
        // Paused before it follows anything, so the five lines arrive while paused, as one batch.
        var cut = Render<LogViewer>(parameters => parameters.Add(p => p.Subscription, null).Add(p => p.Capacity, 3));
        cut.Find("[data-testid=log-pause]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".log-viewer").GetAttribute("data-paused")), Wait);
        Write("one", "two", "three", "four", "five");
        cut.Render(parameters => parameters.Add(p => p.Subscription, _subscription));

        cut.WaitForAssertion(() => Assert.Contains("2 new lines", cut.Find("[data-testid=log-new-lines]").TextContent), Wait);
        cut.Find("[data-testid=log-pause]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["four", "five"], Texts(cut)), Wait);
        Assert.Equal("3 lines skipped (viewer too slow)", cut.Find(".log-gap").TextContent.Trim());
        Assert.Equal("2", cut.Find(".log-viewer").GetAttribute("data-line-count"));

        Write("six", "seven");
        cut.WaitForAssertion(() => Assert.Equal(["five", "six", "seven"], Texts(cut)), Wait);
        Assert.Empty(cut.FindAll(".log-gap"));
    }

    [Fact]
    public void Search_highlights_matches_and_the_filter_narrows_to_them()
    {
        var cut = RenderViewer();
        Write("alpha ready", "beta waiting", "gamma ready");
        cut.WaitForAssertion(() => Assert.Equal(3, Texts(cut).Count), Wait);

        cut.Find(".log-search-field input").Input("ready");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("mark.log-match").Count), Wait);
        Assert.All(cut.FindAll("mark.log-match"), mark => Assert.Equal("ready", mark.TextContent));
        Assert.Equal(3, Texts(cut).Count);

        cut.Find("input[data-testid=log-filter]").Change(true);

        cut.WaitForAssertion(() => Assert.Equal(["alpha ready", "gamma ready"], Texts(cut)), Wait);
    }

    [Fact]
    public void Next_and_previous_step_through_the_matches()
    {
        var cut = RenderViewer();
        Write("match a", "other", "match b");
        cut.WaitForAssertion(() => Assert.Equal(3, Texts(cut).Count), Wait);
        cut.Find(".log-search-field input").Input("match");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("mark.log-match").Count), Wait);

        cut.WaitForAssertion(() => Assert.Null(cut.Find("button[aria-label='Next match']").GetAttribute("disabled")), Wait);

        cut.Find("button[aria-label='Next match']").Click();
        cut.WaitForAssertion(() => Assert.Equal("match a", cut.Find("[data-current-match] .log-text").TextContent), Wait);
        cut.Find("button[aria-label='Next match']").Click();
        cut.WaitForAssertion(() => Assert.Equal("match b", cut.Find("[data-current-match] .log-text").TextContent), Wait);
        cut.Find("button[aria-label='Previous match']").Click();
        cut.WaitForAssertion(() => Assert.Equal("match a", cut.Find("[data-current-match] .log-text").TextContent), Wait);
    }

    [Fact]
    public void An_invalid_regex_shows_an_error_next_to_the_field()
    {
        var cut = RenderViewer();
        Write("text");
        cut.WaitForAssertion(() => Assert.Single(Texts(cut)), Wait);

        cut.Find("input[data-testid=log-regex]").Change(true);
        cut.Find(".log-search-field input").Input("(unclosed");

        cut.WaitForAssertion(() => Assert.Contains("regular expression", cut.Find("[data-testid=log-search-error]").TextContent,
            StringComparison.OrdinalIgnoreCase), Wait);
        Assert.Single(Texts(cut));
    }

    [Fact]
    public void Ansi_text_with_markup_is_rendered_encoded()
    {
        var cut = RenderViewer();

        Write("\u001b[31m<script>alert(1)</script> red\u001b[0m <b>bold?</b>");

        cut.WaitForAssertion(() => Assert.Single(Texts(cut)), Wait);
        Assert.Empty(cut.FindAll(".log-lines script"));
        Assert.Empty(cut.FindAll(".log-lines b"));
        Assert.Contains("<script>alert(1)</script> red", cut.Find(".log-text").TextContent);
        Assert.NotEmpty(cut.FindAll(".log-text .ansi-fg-red"));
    }

    [Fact]
    public void A_long_line_is_cut_until_expanded()
    {
        var cut = RenderViewer();
        var text = "start " + new string('x', 1000) + " end";

        Write(text);

        cut.WaitForAssertion(() => Assert.Single(Texts(cut)), Wait);
        Assert.Equal(LogViewer.ShownLineLength, Texts(cut)[0].Length);
        var expand = cut.Find("button.log-expand");
        Assert.Equal("false", expand.GetAttribute("aria-expanded"));

        expand.Click();

        cut.WaitForAssertion(() => Assert.Equal(text, Texts(cut)[0]), Wait);
        Assert.Equal("true", cut.Find("button.log-expand").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task Two_sources_are_merged_by_time_each_line_prefixed_with_its_source()
    {
        const string Other = "viewer-node-2";
        await using var other = await Core.Get<LogStreamManager>().OpenAsync(Admin, LogSourceId.ForNodeJournal(Other));
        var cut = Render<LogViewer>(parameters => parameters.Add(p => p.Subscriptions, [_subscription, other]));

        // Each source is read by its own task, so the batches may arrive in any order; the view is ordered by time.
        // kept: 5 ms apart so the three lines carry distinct timestamps, which is what the merge orders by
        Journal.Write(Node, null, "first");
        await Task.Delay(5);
        Journal.Write(Other, null, "second");
        await Task.Delay(5);
        Journal.Write(Node, null, "third");

        cut.WaitForAssertion(() => Assert.Equal(["first", "second", "third"], Texts(cut)), Wait);
        Assert.Equal(["journal@viewer-node", "journal@viewer-node-2", "journal@viewer-node"],
            cut.FindAll("[data-seq] .log-source").Select(prefix => prefix.TextContent));
        Assert.Equal(["journal:node:viewer-node", "journal:node:viewer-node-2", "journal:node:viewer-node"],
            cut.FindAll("[data-seq]").Select(row => row.GetAttribute("data-source")));
        var colours = cut.FindAll("[data-seq] .log-source").Select(prefix => prefix.ClassList.Single(c => c.StartsWith("source-color-", StringComparison.Ordinal))).ToList();
        Assert.Equal(colours[0], colours[2]);
        Assert.Equal("2", cut.Find(".log-viewer").GetAttribute("data-sources"));
    }

    [Fact]
    public void A_single_source_has_no_prefix()
    {
        var cut = RenderViewer();

        Write("alone");

        cut.WaitForAssertion(() => Assert.Single(Texts(cut)), Wait);
        Assert.Empty(cut.FindAll(".log-source"));
    }

    [Fact]
    public void An_initial_filter_fills_the_search_and_shows_only_matching_lines()
    {
        var cut = Render<LogViewer>(parameters => parameters.Add(p => p.Subscription, _subscription)
            .Add(p => p.InitialSearch, "App.Server").Add(p => p.InitialFilter, true));

        Write("App.Server: start failed", "Other.Thing: fine", "App.Server: exited with code 3");

        cut.WaitForAssertion(() => Assert.Equal(["App.Server: start failed", "App.Server: exited with code 3"], Texts(cut)), Wait);
        Assert.Equal("App.Server", cut.Find(".log-search input").GetAttribute("value"));
        Assert.Contains("2", cut.Find("[data-testid=log-match-count]").TextContent);
    }

    [Fact]
    public void An_invalid_regex_is_explained_in_the_current_language()
    {
        var cut = Render<LogViewer>(parameters => parameters.Add(p => p.Subscription, _subscription)
            .Add(p => p.InitialSearch, "(a"));

        cut.Find("input[data-testid=log-regex]").Change(true);

        cut.WaitForAssertion(() => Assert.Equal("This is not a valid regular expression.", cut.Find("[data-testid=log-search-error]").TextContent), Wait);
    }

    [Fact]
    public void An_invalid_regex_is_explained_in_chinese_for_a_chinese_reader()
    {
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-Hans");
        try
        {
            var cut = Render<LogViewer>(parameters => parameters.Add(p => p.Subscription, _subscription).Add(p => p.InitialSearch, "(?=a)b"));

            cut.Find("input[data-testid=log-regex]").Change(true);

            Assert.Equal("不支持此类正则表达式（环视、反向引用、原子组）。", cut.Find("[data-testid=log-search-error]").TextContent);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    private IRenderedComponent<LogViewer> RenderViewer() =>
        Render<LogViewer>(parameters => parameters.Add(p => p.Subscription, _subscription));

    [Fact]
    public void A_level_chip_hides_the_lines_of_its_level_and_shows_them_again()
    {
        var cut = RenderViewer();
        Journal.Write(Node, null, "started", LogSeverity.Info);
        Journal.Write(Node, null, "broke", LogSeverity.Error);
        cut.WaitForAssertion(() => Assert.Equal(["started", "broke"], Texts(cut)), Wait);

        var chip = cut.Find("[data-testid=log-level-info]");
        Assert.Equal("Info", chip.TextContent.Trim());
        Assert.Equal("true", chip.GetAttribute("aria-pressed"));
        chip.Click();

        cut.WaitForAssertion(() => Assert.Equal(["broke"], Texts(cut)), Wait);
        Assert.Equal("false", cut.Find("[data-testid=log-level-info]").GetAttribute("aria-pressed"));

        cut.Find("[data-testid=log-level-info]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["started", "broke"], Texts(cut)), Wait);
    }

    [Fact]
    public void A_stack_trace_shows_as_one_row_whose_lines_open_with_a_toggle()
    {
        var cut = RenderViewer();

        Write("java.lang.IllegalStateException: boom", "\tat com.example.App.run(App.java:12)", "Caused by: java.io.IOException: disk", "next");

        cut.WaitForAssertion(() => Assert.Equal(["java.lang.IllegalStateException: boom", "next"], Texts(cut)), Wait);
        Assert.Equal("4", cut.Find(".log-viewer").GetAttribute("data-line-count"));
        var toggle = cut.Find("button.log-frames-toggle");
        Assert.Equal("+2 lines", toggle.TextContent.Trim());
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.Empty(cut.FindAll(".log-frame"));

        toggle.Click();

        cut.WaitForAssertion(() => Assert.Equal(["\tat com.example.App.run(App.java:12)", "Caused by: java.io.IOException: disk"],
            cut.FindAll(".log-frame").Select(frame => frame.TextContent)), Wait);
        Assert.Equal("true", cut.Find("button.log-frames-toggle").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void A_search_matching_a_folded_frame_selects_the_row_and_marks_its_toggle()
    {
        var cut = RenderViewer();
        Write("java.lang.IllegalStateException: boom", "\tat com.example.Disk.read(Disk.java:7)", "unrelated");
        cut.WaitForAssertion(() => Assert.Equal(2, Texts(cut).Count), Wait);

        cut.Find(".log-search-field input").Input("Disk.java");
        cut.Find("input[data-testid=log-filter]").Change(true);

        cut.WaitForAssertion(() => Assert.Equal(["java.lang.IllegalStateException: boom"], Texts(cut)), Wait);
        Assert.Contains("1", cut.Find("[data-testid=log-match-count]").TextContent);
        Assert.Contains("has-match", cut.Find("button.log-frames-toggle").ClassList);

        cut.Find("button.log-frames-toggle").Click();
        cut.WaitForAssertion(() => Assert.Equal("Disk.java", cut.Find(".log-frame mark.log-match").TextContent), Wait);
    }

    [Fact]
    public void A_json_line_is_folded_to_its_keys_encoded_and_opens_indented()
    {
        var cut = RenderViewer();

        Write("{\"level\":\"error\",\"msg\":\"<script>alert(1)</script>\",\"ctx\":{\"user\":\"bob\"}}");

        cut.WaitForAssertion(() => Assert.Equal(["level=error msg=<script>alert(1)</script> ctx={…}"], Texts(cut)), Wait);
        Assert.Empty(cut.FindAll(".log-lines script"));
        var toggle = cut.Find("button.log-json-toggle");
        Assert.Equal("Show as indented JSON", toggle.GetAttribute("aria-label"));
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));

        toggle.Click();

        cut.WaitForAssertion(() => Assert.Contains("\"user\": \"bob\"", cut.Find("pre.log-json").TextContent), Wait);
        Assert.Equal("true", cut.Find("button.log-json-toggle").GetAttribute("aria-expanded"));
        Assert.Contains("\"msg\": \"<script>alert(1)</script>\"", cut.Find("pre.log-json").TextContent);
        Assert.Empty(cut.FindAll(".log-lines script"));
    }

    [Fact]
    public void Text_that_is_not_json_shows_as_written()
    {
        var cut = RenderViewer();

        Write("{\"broken\": ", "set {a} to {b}");

        cut.WaitForAssertion(() => Assert.Equal(["{\"broken\":", "set {a} to {b}"], Texts(cut).Select(t => t.TrimEnd())), Wait);
        Assert.Empty(cut.FindAll("button.log-json-toggle"));
    }

    private void Write(params string[] lines)
    {
        foreach (var line in lines)
        {
            Journal.Write(Node, null, line);
        }
    }

    private static List<string> Texts(IRenderedComponent<LogViewer> cut) =>
        [.. cut.FindAll("[data-seq] .log-text").Select(text => text.TextContent)];
}
