using Microsoft.Playwright;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// An admin clicks "tarsnode log" on the Nodes page in a real Chromium and watches tarsnode's log live. The node's
/// engine runs no tars-node container, so the log comes through the framework (a loopback QueryObj and AdminRegObj
/// that accept only the fixed getLogData commands).
/// </summary>
[Collection("infra")]
public sealed class TarsnodeLogsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Clicking_tarsnode_log_on_the_Nodes_page_shows_tarsnode_s_log_live()
    {
        await using var server = TarsTestServer.Start();
        var framework = new FakeTarsnodeLogs(server);
        var log = framework.File("node1", "tars", "tarsnode", "tars.tarsnode.log");
        log.Append("2026-01-02 10:00:00|100|DEBUG|[KeepAliveThread] keep alive\n2026-01-02 10:00:01|100|ERROR|Test.Hello activate failed\n");
        using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Framework:Locator"] = framework.Locator,
            ["Logs:TarsPollSeconds"] = "0.2",
        });
        await app.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            // tarsnode-managed: its tarsnode runs natively (no tars-node container on the engine), so the framework route is taken.
            NodeName = "node1", Endpoint = infra.Node1.Endpoint, Management = NodeManagement.Tarsnode, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.GotoAsync("nodes");
        await page.Locator("#nodes[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "tarsnode log of node1" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/logs?source=tarslog", StringComparison.Ordinal));
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        var viewer = page.Locator(".log-viewer");
        await Assertions.Expect(viewer.Locator(".log-text", new() { HasText = "Test.Hello activate failed" })).ToBeVisibleAsync();
        log.Append("2026-01-02 10:00:02|100|INFO|live line after the click\n");
        await Assertions.Expect(viewer.Locator(".log-text", new() { HasText = "live line after the click" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-line-count", "3");

        server.AssertNoUnexpectedCalls();
        Assert.All(log.Commands, c => Assert.DoesNotContain("grep", c, StringComparison.Ordinal));
    }
}
