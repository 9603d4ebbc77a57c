using Microsoft.Playwright;
using TarsDashboard.Core.Nodes;
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
        using var app = new DashboardApp();
        foreach (var (node, endpoint) in new[] { ("node1", infra.Node1.Endpoint), ("node2", infra.Node2.Endpoint) })
        {
            await app.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = node, Endpoint = endpoint, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
        }

        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);
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
}
