using Microsoft.Playwright;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using TarsDashboard.Tests.Monitoring;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>The service page's Metrics tab draws a container's live resources; the series' data attributes carry their values.</summary>
[Collection("infra")]
public sealed class MetricsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ContainerName = "Metrics.Grow";

    [Fact]
    public async Task The_metrics_tab_shows_the_rising_memory_of_a_container_that_allocates()
    {
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var page = dashboard.Page;
        var id = await dashboard.App.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Metrics", ServerName = "Grow", NodeName = "node1", TemplateName = "tars.default", Profile = "",
        });

        await page.GotoAsync($"services/{id}");
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=resource-charts]:not([data-state=loading])").WaitForAsync();
        // Started once the chart is open, so the chart sees the memory grow from the container's first second.
        await using var container = await TestContainer.StartReplacingAsync(infra.Node1, ContainerName, MemoryGrowth.Script);
        await page.Locator("[data-testid=resource-charts][data-state=ready]").WaitForAsync(new() { Timeout = 30_000 });

        // 48 MiB are written within 12 s; the chart must show at least 20 MiB of it arriving.
        await page.WaitForFunctionAsync(
            "() => { const e = document.querySelector('[data-series=memory]'); return !!e && parseFloat(e.dataset.last) - parseFloat(e.dataset.first) > 20; }",
            null, new() { Timeout = 30_000 });
        Assert.True(await page.Locator("[data-series=memory] svg path").CountAsync() > 0);
        Assert.True(await page.Locator("[data-series=cpu]").IsVisibleAsync());
    }

    [Fact]
    public async Task After_a_restart_the_metrics_charts_draw_its_marker_over_the_plot()
    {
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var page = dashboard.Page;
        var id = await dashboard.App.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Metrics", ServerName = "Mark", NodeName = "node1", TemplateName = "tars.default", Profile = "",
        });
        await using var container = await TestContainer.StartReplacingAsync(infra.Node1, "Metrics.Mark", "busybox sleep 3600");

        async Task OpenMetricsAsync()
        {
            await page.GotoAsync($"services/{id}");
            await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics", Exact = true }).ClickAsync();
            await page.Locator("[data-testid=resource-charts][data-state=ready]").WaitForAsync(new() { Timeout = 30_000 });
        }

        await OpenMetricsAsync();
        // The restart as the dashboard's restart task leaves it: the container restarted, the audit log saying who did it.
        await container.RestartAsync();
        await dashboard.App.Get<AuditLog>().RecordAsync(new Caller("admin"), "service.restart", "Metrics.Mark on node1", AuditResult.Ok);
        await OpenMetricsAsync();

        // Drawn once the chart holds samples on both sides of the restart.
        var marker = page.Locator("[data-series=cpu] .chart-marker[data-action='service.restart']");
        await marker.WaitForAsync(new() { Timeout = 30_000 });
        Assert.StartsWith("restarted by admin at ", await marker.GetAttributeAsync("aria-label"));
        // Within the plot: between the ends of its grid lines, once the module has aligned the layer to them (after a render).
        await Assertions.Expect(page.Locator("[data-series=cpu] [data-testid=chart-markers]"))
            .ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("--plot-left: *[0-9.]+px"), new() { Timeout = 15_000 });
        var box = (await marker.BoundingBoxAsync())!;
        var grid = (await page.Locator("[data-series=cpu] .mud-charts-gridlines-yaxis path").First.BoundingBoxAsync())!;
        var x = box.X + box.Width / 2;
        Assert.InRange(x, grid.X - 3, grid.X + grid.Width + 3); // a restart at the newest sample sits on the right edge
        Assert.EndsWith("px", await page.Locator("[data-series=cpu] [data-testid=chart-markers]")
            .EvaluateAsync<string>("e => e.style.getPropertyValue('--plot-left')"));
        var fraction = double.Parse((await marker.GetAttributeAsync("data-x"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(x, grid.X + grid.Width * fraction - 3, grid.X + grid.Width * fraction + 3);
    }
}
