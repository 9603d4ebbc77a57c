using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>From a service's page to its container's live output in two clicks: the Logs tab, then the container output.</summary>
[Collection("infra")]
public sealed class ServiceLogsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ContainerName = "Test.Hello";

    [Fact]
    public async Task The_logs_tab_opens_the_service_containers_output_in_the_logs_page_in_one_click()
    {
        await using var container = await TestContainer.StartReplacingAsync(infra.Node1, ContainerName, TestContainer.CounterScript);
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var page = dashboard.Page;
        var id = await dashboard.App.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.default", Profile = "",
        });

        await page.GotoAsync($"services/{id}");
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=service-logs][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=service-logs-container]").ClickAsync();

        await page.Locator($"#logs[data-ready=true][data-source='container:node1:{ContainerName}']").WaitForAsync();
        await Assertions.Expect(page.Locator(".log-viewer [data-seq]").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }
}
