using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
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
        // A leftover from an interrupted run would block the fixed name.
        using (await infra.Node1.ApiClient.DeleteAsync($"/containers/{ContainerName}?force=true"))
        {
        }

        await using var container = await TestContainer.StartAsync(infra.Node1, ContainerName, TestContainer.CounterScript);
        using var app = new DashboardApp();
        await app.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "node1", Endpoint = infra.Node1.Endpoint, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var id = await app.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.default", Profile = "",
        });
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.GotoAsync($"services/{id}");
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=service-logs][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=service-logs-container]").ClickAsync();

        await page.Locator($"#logs[data-ready=true][data-source='container:node1:{ContainerName}']").WaitForAsync();
        await Assertions.Expect(page.Locator(".log-viewer [data-seq]").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }
}
