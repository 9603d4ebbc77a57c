using Microsoft.Playwright;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>A container's stack trace shows as one row that opens, and its JSON line folded to keys that opens indented, in a real Chromium.</summary>
[Collection("infra")]
public sealed class LogStructureBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ContainerName = "Test.Structured";

    private const string Script =
        "printf 'ERROR request failed\\njava.lang.IllegalStateException: boom\\n\\tat com.example.App.run(App.java:12)\\n"
        + "\\tat com.example.App.main(App.java:5)\\n{\"level\":\"warn\",\"msg\":\"disk <full>\",\"ctx\":{\"node\":\"n1\"}}\\n'; "
        + "trap 'exit 0' TERM; while true; do busybox usleep 100000; done";

    [Fact]
    public async Task A_stack_trace_is_one_row_that_opens_and_a_json_line_is_folded_and_opens_indented()
    {
        // A leftover from an interrupted run would block the fixed name.
        using (await infra.Node1.ApiClient.DeleteAsync($"/containers/{ContainerName}?force=true"))
        {
        }

        await using var container = await TestContainer.StartAsync(infra.Node1, ContainerName, Script);
        using var app = new DashboardApp();
        await app.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "node1", Endpoint = infra.Node1.Endpoint, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.GotoAsync($"logs?source=container:node1:{ContainerName}");
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        var viewer = page.Locator(".log-viewer");
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-line-count", "5", new() { Timeout = 20_000 });
        await Assertions.Expect(viewer.Locator("[data-seq] .log-text")).ToHaveTextAsync(
            ["ERROR request failed", "java.lang.IllegalStateException: boom", "level=warn msg=disk <full> ctx={…}"]);

        var trace = viewer.Locator("[data-seq]", new() { HasText = "IllegalStateException" });
        var toggle = trace.GetByRole(AriaRole.Button, new() { Name = "+2 lines" });
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(viewer.Locator(".log-frame")).ToHaveTextAsync(
            ["\tat com.example.App.run(App.java:12)", "\tat com.example.App.main(App.java:5)"]);

        var json = viewer.Locator("[data-seq]", new() { HasText = "level=warn" });
        await Assertions.Expect(json).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("level-warn"));
        await json.GetByRole(AriaRole.Button, new() { Name = "Show as indented JSON" }).ClickAsync();
        await Assertions.Expect(viewer.Locator("pre.log-json")).ToContainTextAsync("\"node\": \"n1\"");
        await Assertions.Expect(viewer.Locator("pre.log-json")).ToContainTextAsync("\"msg\": \"disk <full>\"");
    }
}
