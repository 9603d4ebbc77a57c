using System.Globalization;
using Microsoft.Playwright;
using TarsDashboard.Core.Logs;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// An operator searches history the live view no longer holds, in a real Chromium on a real engine: a line from ten
/// minutes ago is found by a range search, its link reopens the view around it, and bad input is answered at the field.
/// </summary>
[Collection("infra")]
public sealed class LogHistoryBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_range_search_finds_a_line_the_ring_no_longer_holds_and_its_link_reopens_the_view_around_it()
    {
        var now = DateTimeOffset.UtcNow;
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Hist"),
            $"busybox mkdir -p /tmp; echo \"{Stamp(now.AddMinutes(-10))} ERROR needle from ten minutes ago\" > /tmp/app.log; "
            + "i=0; while [ $i -lt 500 ]; do i=$((i+1)); echo \"" + Stamp(now.AddMinutes(-1)) + " INFO filler $i\" >> /tmp/app.log; done; echo written; "
            + "trap 'exit 0' TERM; while true; do busybox usleep 100000; done");
        await Support.Eventually.TrueAsync(async () => (await container.ReadEngineLogAsync()).Contains("written"), "the file was not written");
        // A ring of 100 lines: the live view cannot hold the old line.
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)],
            new Dictionary<string, string?> { ["Logs:BufferCapacity"] = "100" });
        var page = dashboard.Page;
        var source = LogSourceId.ForFile("node1", container.Name, "/tmp/app.log").ToString();

        await page.GotoAsync($"logs?source={Uri.EscapeDataString(source)}");
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.Locator(".log-viewer")).ToHaveAttributeAsync("data-line-count", "100", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".log-viewer").GetByText("needle")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(page.Locator("#logs")).ToHaveAttributeAsync("data-mode", "history");
        await page.GetByLabel("Search history").FillAsync("needle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        var history = page.Locator("[data-testid=log-history]");
        await Assertions.Expect(history).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 20_000 });
        await Assertions.Expect(history).ToHaveAttributeAsync("data-matches", "1");
        await Assertions.Expect(history.Locator("[data-seq] .log-text")).ToContainTextAsync("needle from ten minutes ago");
        await Assertions.Expect(page.Locator("[data-testid=history-count]")).ToContainTextAsync("501 lines read");

        // The line's link: the view around its moment, with the line marked.
        var row = history.Locator("[data-seq]").First;
        await row.HoverAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = "Link to this moment" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("at="));
        await Assertions.Expect(page.Locator("[data-marked=true] .log-text")).ToContainTextAsync("needle from ten minutes ago", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task A_reversed_range_a_bad_regex_and_an_unreadable_file_each_get_a_clear_message()
    {
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Hist"), TestContainer.CounterScript);
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var page = dashboard.Page;
        var missing = LogSourceId.ForFile("node1", container.Name, "/tmp/none.log").ToString();
        await page.GotoAsync($"logs?mode=history&source={Uri.EscapeDataString(missing)}");
        await page.Locator("#logs[data-ready=true] [data-testid=log-history]").WaitForAsync();

        await page.GetByLabel("Time range").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Custom range" }).ClickAsync();
        await page.GetByLabel("From (UTC)").FillAsync("2026-12-03 15:00:00");
        await page.GetByLabel("To (UTC)").FillAsync("2026-12-03 14:00:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("The range ends before it starts.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=log-history]")).ToHaveAttributeAsync("data-state", "idle");

        await page.GetByLabel("To (UTC)").FillAsync("2026-12-03 16:00:00");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Regex" }).CheckAsync();
        await page.GetByLabel("Search history").FillAsync("(unclosed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".history-search")).ToContainTextAsync("regular expression");
        await Assertions.Expect(page.GetByText("The range ends before it starts.")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=log-history]")).ToHaveAttributeAsync("data-state", "idle");

        await page.GetByLabel("Search history").FillAsync("anything");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=history-failed]")).ToContainTextAsync("No such file", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=log-history]")).ToHaveAttributeAsync("data-state", "done");
    }
}
