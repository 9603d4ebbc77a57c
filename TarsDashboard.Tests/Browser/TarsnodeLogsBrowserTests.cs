using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// Tars log files through the framework in a real Chromium (a loopback QueryObj and AdminRegObj that accept only the
/// fixed getLogData commands): an admin clicks "tarsnode log" on the Nodes page and watches tarsnode's log live (the
/// node's engine runs no tars-node container), and a tarsnode-managed service's Logs tab lists its rotated file set.
/// </summary>
[Collection("infra")]
public sealed class TarsnodeLogsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private Task<SignedInDashboard> StartAsync(FakeTarsnodeLogs framework) => SignedInDashboard.StartAsync(browser, [],
        new Dictionary<string, string?> { ["Framework:Locator"] = framework.Locator, ["Logs:TarsPollSeconds"] = "0.2" });

    [Fact]
    public async Task Clicking_tarsnode_log_on_the_Nodes_page_shows_tarsnode_s_log_live()
    {
        await using var server = TarsTestServer.Start();
        var framework = new FakeTarsnodeLogs(server);
        var log = framework.File("node1", "tars", "tarsnode", "tars.tarsnode.log");
        log.Append("2026-01-02 10:00:00|100|DEBUG|[KeepAliveThread] keep alive\n2026-01-02 10:00:01|100|ERROR|Test.Hello activate failed\n");
        using var dashboard = await StartAsync(framework);
        // tarsnode-managed: its tarsnode runs natively (no tars-node container on the engine), so the framework route is taken.
        await dashboard.App.AddNodeAsync("node1", infra.Node1.Endpoint, NodeManagement.Tarsnode);
        var page = dashboard.Page;

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

    [Fact]
    public async Task The_service_page_s_Logs_tab_on_a_tarsnode_node_lists_the_rotated_file_set_and_follows_the_current_file()
    {
        await using var server = TarsTestServer.Start();
        var framework = new FakeTarsnodeLogs(server);
        var current = framework.File("node1", "Test", "Hello", "Test.Hello.log");
        current.Append("2026-12-02 10:00:00|100|INFO|started\n");
        framework.File("node1", "Test", "Hello", "Test.Hello_20261201.log").Append("2026-12-01 23:59:59|100|INFO|yesterday\n");
        using var dashboard = await StartAsync(framework);
        await dashboard.App.AddNodeAsync("node1", "", NodeManagement.Tarsnode);
        var id = await dashboard.App.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.default", Profile = "",
        });
        var page = dashboard.Page;

        await page.GotoAsync($"services/{id}");
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
        var files = page.Locator("[data-testid=service-log-file]");
        await Assertions.Expect(files).ToHaveCountAsync(2);
        Assert.Equal(["tarslog:node1:Test.Hello:Test.Hello.log", "tarslog:node1:Test.Hello:Test.Hello_20261201.log"],
            await files.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.source)"));
        await files.First.ClickAsync();

        await page.Locator("#logs[data-ready=true][data-source='tarslog:node1:Test.Hello:Test.Hello.log']").WaitForAsync();
        var viewer = page.Locator(".log-viewer");
        await Assertions.Expect(viewer.Locator(".log-text", new() { HasText = "started" })).ToBeVisibleAsync();
        current.Append("2026-12-02 10:00:01|100|INFO|appended after opening\n");
        await Assertions.Expect(viewer.Locator(".log-text", new() { HasText = "appended after opening" })).ToBeVisibleAsync();
        // The service page asks the framework for the state too (not answered here); the logs took only the fixed commands.
        Assert.All(server.UnexpectedCalls, call => Assert.DoesNotContain("getLog", call, StringComparison.Ordinal));
        Assert.All(framework.Commands, c => Assert.DoesNotContain("grep", c, StringComparison.Ordinal));
    }
}
