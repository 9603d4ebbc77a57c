using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TarsDashboard.Core.Logs;
using Xunit;
using LogsPage = TarsDashboard.Components.Pages.Logs;

namespace TarsDashboard.Tests.Components;

/// <summary>The Logs page's history mode over journals: a range search streams its matches, bad input is answered at its field.</summary>
public sealed class LogHistoryPanelTests : DashboardComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private JournalLog Journal => Core.Get<JournalLog>();

    [Fact]
    public void A_search_over_the_last_hour_streams_the_matches_with_their_count()
    {
        Journal.Write("hist-a", null, "needle one");
        Journal.Write("hist-a", null, "hay");
        Journal.Write("hist-a", null, "needle two", LogSeverity.Error);

        var cut = RenderAt("/logs?source=journal:node:hist-a&mode=history");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=history-hint]")), Wait);
        Assert.Equal("history", cut.Find("#logs").GetAttribute("data-mode"));
        Assert.Equal("true", cut.Find("[data-testid=log-mode-history]").GetAttribute("aria-pressed"));
        Assert.Empty(cut.FindAll(".log-viewer"));

        cut.Find(".history-search input").Input("needle");
        cut.Find("[data-testid=history-run]").Click();

        cut.WaitForAssertion(() => Assert.Equal("done", cut.Find("[data-testid=log-history]").GetAttribute("data-state")), Wait);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-seq]").Count), Wait);
        Assert.Equal("2", cut.Find("[data-testid=log-history]").GetAttribute("data-matches"));
        Assert.Contains("3 lines read", cut.Find("[data-testid=history-count]").TextContent);
        Assert.Contains("2 matches", cut.Find("[data-testid=history-count]").TextContent);
        // The search is highlighted in the results.
        Assert.Equal(2, cut.FindAll("[data-seq] mark").Count);
    }

    [Fact]
    public void Levels_left_out_are_not_searched()
    {
        Journal.Write("hist-b", null, "fine");
        Journal.Write("hist-b", null, "broken", LogSeverity.Error);

        var cut = RenderAt("/logs?source=journal:node:hist-b&mode=history");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=history-level-info]")), Wait);
        cut.Find("[data-testid=history-level-info]").Click();
        cut.Find("[data-testid=history-run]").Click();

        cut.WaitForAssertion(() => Assert.Equal("done", cut.Find("[data-testid=log-history]").GetAttribute("data-state")), Wait);
        cut.WaitForAssertion(() => Assert.Contains("broken", Assert.Single(cut.FindAll("[data-seq] .log-text")).TextContent), Wait);
    }

    [Fact]
    public void The_history_level_chips_also_filter_the_results_shown_and_the_viewer_offers_no_second_row()
    {
        Journal.Write("hist-f", null, "calm line");
        Journal.Write("hist-f", null, "loud line", LogSeverity.Error);

        var cut = RenderAt("/logs?source=journal:node:hist-f&mode=history");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=history-run]")), Wait);
        cut.Find("[data-testid=history-run]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-seq]").Count), Wait);
        Assert.Empty(cut.FindAll("[data-testid=log-levels]"));

        // Hiding Info takes its line out of the results at once, without searching again.
        cut.Find("[data-testid=history-level-info]").Click();
        cut.WaitForAssertion(() => Assert.Contains("loud line", Assert.Single(cut.FindAll("[data-seq] .log-text")).TextContent), Wait);
        Assert.Equal("false", cut.Find("[data-testid=history-level-info]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void A_bad_regex_is_answered_at_the_field_and_nothing_runs()
    {
        Journal.Write("hist-c", null, "anything");
        var cut = RenderAt("/logs?source=journal:node:hist-c&mode=history");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=history-run]")), Wait);

        cut.Find("input[data-testid=history-regex]").Change(true);
        cut.Find(".history-search input").Input("(unclosed");
        cut.Find("[data-testid=history-run]").Click();

        cut.WaitForAssertion(() => Assert.Contains("regular expression", cut.Find(".history-search").TextContent, StringComparison.OrdinalIgnoreCase), Wait);
        Assert.Equal("idle", cut.Find("[data-testid=log-history]").GetAttribute("data-state"));
        Assert.Empty(cut.FindAll(".log-viewer"));
    }

    [Fact]
    public void A_link_to_a_moment_opens_the_history_around_it_with_that_line_marked()
    {
        Journal.Write("hist-d", null, "before");
        Journal.Write("hist-d", null, "the moment");
        Journal.Write("hist-d", null, "after");
        var moment = Journal.Read(LogSourceId.ForNodeJournal("hist-d"))[1].Timestamp!.Value;

        var cut = RenderAt($"/logs?source=journal:node:hist-d&at={Uri.EscapeDataString(moment.ToString("O"))}");

        cut.WaitForAssertion(() => Assert.Contains("the moment", cut.Find("[data-marked=true] .log-text").TextContent), Wait);
        Assert.Equal("history", cut.Find("#logs").GetAttribute("data-mode"));
        Assert.Equal(3, cut.FindAll("[data-seq]").Count);
    }

    [Fact]
    public void Each_live_line_links_to_its_moment_across_the_sources_shown()
    {
        Journal.Write("hist-e", null, "linked line");
        var time = Journal.Read(LogSourceId.ForNodeJournal("hist-e"))[0].Timestamp!.Value;

        var cut = RenderAt("/logs?source=journal:node:hist-e");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-seq] a.log-line-link")), Wait);
        var href = cut.Find("[data-seq] a.log-line-link").GetAttribute("href")!;
        Assert.StartsWith("/logs?source=journal%3Anode%3Ahist-e&at=", href, StringComparison.Ordinal);
        Assert.Equal(time, DateTimeOffset.Parse(Uri.UnescapeDataString(href[(href.IndexOf("at=", StringComparison.Ordinal) + 3)..]),
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Link to this moment", cut.Find("[data-seq] a.log-line-link").GetAttribute("aria-label"));
    }

    private IRenderedComponent<LogsPage> RenderAt(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<LogsPage>();
    }
}
