using Microsoft.Playwright;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An operator follows two containers merged in one view in a real Chromium, and downloads one's whole log.</summary>
[Collection("infra")]
public sealed class MergedLogsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Burst = 600;

    // Fixed test scripts: a burst of numbered lines (more than the ring buffer keeps), then one line every 50 ms.
    private static string Script(string prefix) =>
        $"trap 'exit 0' TERM; i=0; while [ $i -lt {Burst} ]; do i=$((i+1)); echo \"{prefix} $i\"; done; "
        + $"while true; do i=$((i+1)); echo \"{prefix} $i\"; busybox usleep 50000; done";

    [Fact]
    public async Task Two_containers_merged_show_lines_of_both_with_their_prefix_and_the_full_download_has_every_line()
    {
        await using var alpha = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Alpha"), Script("alpha"));
        await using var beta = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Beta"), Script("beta"));
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)],
            new Dictionary<string, string?> { ["Logs:BufferCapacity"] = "200" });
        var (app, page) = (dashboard.App, dashboard.Page);
        string alphaId = $"container:node1:{alpha.Name}", betaId = $"container:node1:{beta.Name}";

        await page.GotoAsync($"logs?source={Uri.EscapeDataString(alphaId)}&source={Uri.EscapeDataString(betaId)}");
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        var viewer = page.Locator(".log-viewer");
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-sources", "2");

        await Assertions.Expect(viewer.Locator($"[data-source='{alphaId}']").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(viewer.Locator($"[data-source='{betaId}']").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(viewer.Locator($"[data-source='{alphaId}'] .log-source").First).ToHaveTextAsync($"{alpha.Name}@node1");
        await Assertions.Expect(viewer.Locator($"[data-source='{betaId}'] .log-text").First).ToContainTextAsync("beta ");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {beta.Name}@node1 from the view" })).ToBeVisibleAsync();

        // The rendered rows are in time order (the prefix says which source each came from).
        var times = await viewer.Locator("[data-seq] .log-time").AllTextContentsAsync();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);

        // Removing a source reopens the view with the other one alone.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {beta.Name}@node1 from the view" }).ClickAsync();
        await Assertions.Expect(page.Locator("#logs")).ToHaveAttributeAsync("data-source", alphaId);
        await Assertions.Expect(page.Locator("[data-testid=log-download-full]")).ToBeVisibleAsync();

        var full = await page.Context.APIRequest.GetAsync(new Uri(app.BaseUrl, $"logs/download?source={Uri.EscapeDataString(alphaId)}&full=true").ToString());
        Assert.Equal(200, full.Status);
        Assert.StartsWith("attachment", full.Headers["content-disposition"]);
        var fullLines = (await full.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fullLines.Length >= Burst, $"{fullLines.Length} lines");
        Assert.EndsWith(" alpha 1", fullLines[0]);
        Assert.EndsWith($" alpha {Burst}", fullLines[Burst - 1]);

        var missing = await page.Context.APIRequest.GetAsync(new Uri(app.BaseUrl, "logs/download?source=container:node1:No.Such&full=true").ToString());
        Assert.Equal(404, missing.Status);

        var retained = await page.Context.APIRequest.GetAsync(new Uri(app.BaseUrl, $"logs/download?source={Uri.EscapeDataString(alphaId)}").ToString());
        Assert.True((await retained.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 200);
    }

    [Fact]
    public async Task The_log_files_of_a_service_are_offered_on_its_container_log_and_one_click_follows_a_file()
    {
        var name = TestContainer.NewServiceName("Files");
        var (application, server) = (name[..name.IndexOf('.')], name[(name.IndexOf('.') + 1)..]);
        var folder = $"/usr/local/app/tars/app_log/{application}/{server}";
        // A fixed test script writing the service's own log file where Tars puts it.
        await using var container = await TestContainer.StartAsync(infra.Node1, name,
            $"trap 'exit 0' TERM; busybox mkdir -p {folder}; i=0; while true; do i=$((i+1)); echo \"file row $i\" >> {folder}/{name}.log; "
            + "echo \"stdout $i\"; busybox usleep 50000; done");
        using var app = new DashboardApp();
        await app.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "node1", Endpoint = infra.Node1.Endpoint, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.GotoAsync($"logs?source={Uri.EscapeDataString($"container:node1:{name}")}");
        await page.Locator("#logs[data-ready=true]").WaitForAsync();
        var file = page.Locator($"[data-testid=log-files] [data-file='{folder}/{name}.log']");
        await Assertions.Expect(file).ToHaveTextAsync($"{name}.log", new() { Timeout = 20_000 });

        // Added beside the container's output: both in one view.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add {name}.log to the view" }).ClickAsync();
        await Assertions.Expect(page.Locator(".log-viewer")).ToHaveAttributeAsync("data-sources", "2");
        await Assertions.Expect(page.Locator($".log-viewer [data-source='file:node1:{name}:{folder}/{name}.log']").First)
            .ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.Locator($"[data-testid=log-files] [data-file='{folder}/{name}.log']").ClickAsync();

        await Assertions.Expect(page.Locator("#logs")).ToHaveAttributeAsync("data-source", $"file:node1:{name}:{folder}/{name}.log");
        await Assertions.Expect(page.Locator(".log-viewer [data-seq] .log-text").First).ToContainTextAsync("file row", new() { Timeout = 20_000 });
    }
}
