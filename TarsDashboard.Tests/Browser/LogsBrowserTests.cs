using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An operator follows a container's log live in a real Chromium: lines arrive, search finds them, pause holds them.</summary>
[Collection("infra")]
public sealed class LogsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ContainerName = "Test.Hello";

    [Fact]
    public async Task A_container_log_streams_live_and_can_be_searched_paused_and_resumed()
    {
        await using var container = await TestContainer.StartReplacingAsync(infra.Node1, ContainerName, TestContainer.CounterScript);
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var (app, page) = (dashboard.App, dashboard.Page);

        await page.GotoAsync($"logs?source=container:node1:{ContainerName}");
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        var viewer = page.Locator(".log-viewer");
        await Assertions.Expect(viewer.Locator("[data-seq]").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var first = await LineCountAsync(viewer);
        await Assertions.Expect(viewer).Not.ToHaveAttributeAsync("data-line-count", first.ToString(), new() { Timeout = 10_000 });

        // Following keeps the newest lines in view.
        await page.WaitForFunctionAsync(
            "() => { const e = document.querySelector('.log-lines'); return e.scrollTop > 0 && e.scrollTop + e.clientHeight >= e.scrollHeight - 40; }");

        await page.GetByLabel("Search").FillAsync("line 1");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Filter to matches" }).CheckAsync();
        await Assertions.Expect(viewer.Locator("mark.log-match").First).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("mark.log-match").First).ToHaveTextAsync("line 1");
        // The highlight shows as soon as the search is set; the filter applies on the circuit's next render.
        await Assertions.Expect(viewer.Locator("[data-seq] .log-text").Filter(new() { HasNotTextRegex = new Regex("^line 1") })).ToHaveCountAsync(0);
        Assert.All(await viewer.Locator("[data-seq] .log-text").AllTextContentsAsync(), text => Assert.StartsWith("line 1", text));

        await page.GetByRole(AriaRole.Switch, new() { Name = "Filter to matches" }).UncheckAsync();
        await page.GetByLabel("Search").FillAsync("");

        await page.Locator("[data-testid=log-pause]").ClickAsync();
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-paused", "true");
        var held = await LineCountAsync(viewer);
        await Assertions.Expect(page.Locator("[data-testid=log-new-lines]")).Not.ToHaveTextAsync("0 new lines", new() { Timeout = 10_000 });
        Assert.Equal(held, await LineCountAsync(viewer));

        await page.Locator("[data-testid=log-pause]").ClickAsync();
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-paused", "false");
        await Assertions.Expect(viewer).Not.ToHaveAttributeAsync("data-line-count", held.ToString());
        Assert.True(await LineCountAsync(viewer) > held);

        var download = await page.Context.APIRequest.GetAsync(new Uri(app.BaseUrl, $"logs/download?source=container:node1:{ContainerName}").ToString());
        Assert.Equal(200, download.Status);
        Assert.StartsWith("attachment", download.Headers["content-disposition"]);
        Assert.Contains("line 1\n", await download.TextAsync());
    }

    private static async Task<int> LineCountAsync(ILocator viewer) =>
        int.Parse((await viewer.GetAttributeAsync("data-line-count"))!, System.Globalization.CultureInfo.InvariantCulture);
}
