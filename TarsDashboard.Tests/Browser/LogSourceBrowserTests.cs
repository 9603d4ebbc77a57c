using Microsoft.Playwright;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>Nobody types a source id: the Logs page's browser finds a container on the second node by part of its name.</summary>
[Collection("infra")]
public sealed class LogSourceBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_container_on_the_second_node_is_found_by_part_of_its_name_and_opened()
    {
        var name = TestContainer.NewServiceName("Findme");
        await using var onFirst = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Other"), TestContainer.CounterScript);
        await using var container = await TestContainer.StartAsync(infra.Node2, name, TestContainer.CounterScript);
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint), ("node2", infra.Node2.Endpoint)]);
        var page = dashboard.Page;

        await page.GotoAsync("logs");
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=log-browser][data-ready=true]").WaitForAsync();

        // Part of the name, as someone who remembers only the server would type it.
        await page.GetByLabel("Find a log source").FillAsync(name[..4] + "findm");
        var entry = page.GetByRole(AriaRole.Button, new() { Name = $"Open {name}", Exact = true });
        await Assertions.Expect(entry).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator($"[data-node=node1] [data-container='{onFirst.Name}']")).ToHaveCountAsync(0);
        await entry.ClickAsync();

        await Assertions.Expect(page.Locator("#logs")).ToHaveAttributeAsync("data-source", $"container:node2:{name}", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator(".log-viewer [data-seq] .log-text").First).ToContainTextAsync("line ", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task A_container_started_after_the_page_opened_appears_and_its_state_changes_when_it_stops_without_a_reload()
    {
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var page = dashboard.Page;
        await dashboard.App.Get<EngineEventWatcher>().WhenWatchingAsync("node1").WaitAsync(TimeSpan.FromSeconds(30));
        await page.GotoAsync("logs");
        await page.Locator("[data-testid=log-browser][data-ready=true]").WaitForAsync();
        var name = TestContainer.NewServiceName("Late");
        var entry = page.Locator($"[data-node=node1] [data-container='{name}']");
        await Assertions.Expect(entry).ToHaveCountAsync(0);

        await using var container = await TestContainer.StartAsync(infra.Node1, name, TestContainer.CounterScript);
        await Assertions.Expect(entry.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "running", new() { Timeout = 15_000 });
        await container.StopAsync();
        await Assertions.Expect(entry.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "exited", new() { Timeout = 15_000 });
    }
}
