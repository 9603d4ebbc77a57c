using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Playwright;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Alerts;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>A rule made in the browser fires on a real engine's event and shows in the history without a reload.</summary>
[Collection("infra")]
public sealed class AlertsBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rule_created_on_the_page_fires_when_its_service_exits_and_the_history_shows_it()
    {
        await using var receiver = new WebhookReceiver();
        var server = "Alert" + Guid.NewGuid().ToString("N")[..8];
        using var dashboard = await SignedInDashboard.StartAsync(browser, [("node1", infra.Node1.Endpoint)]);
        var page = dashboard.Page;
        await dashboard.App.Get<EngineEventWatcher>().WhenWatchingAsync("node1").WaitAsync(TimeSpan.FromSeconds(30));

        await page.GotoAsync("alerts");
        await page.Locator("#alerts[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await page.GetByLabel("Rule name").FillAsync("Browser exits");
        await page.GetByLabel("Scope").FillAsync($"Test.{server}");
        await page.GetByLabel("Webhook URL").FillAsync(receiver.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("td[data-rule='Browser exits']")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var name = $"Test.{server}";
        try
        {
            await client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = InfraFixture.BusyboxImage,
                Cmd = ["sh", "-c", "sleep 1; exit 3"],
                Labels = new Dictionary<string, string> { [ServiceContainerLabels.Application] = "Test", [ServiceContainerLabels.Server] = server },
            });
            await client.Containers.StartContainerAsync(name, new ContainerStartParameters());

            var fired = page.Locator(".alert-history td[data-state=fired]");
            await Assertions.Expect(fired).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator(".alert-history tr", new() { Has = page.Locator("td[data-state=fired]") })).ToContainTextAsync("exited with code 3");
            await receiver.WaitForAsync(b => b.GetProperty("state").GetString() == "fired", TimeSpan.FromSeconds(10));
        }
        finally
        {
            try
            {
                await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
    }
}
