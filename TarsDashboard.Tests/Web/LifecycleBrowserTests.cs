using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An operator starts a container-mode service from its page on a real engine, sees it running, and stops it.</summary>
[Collection("infra")]
public sealed class LifecycleBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Start_from_the_service_page_shows_it_active_and_stop_shows_it_inactive_and_the_tasks_page_lists_both()
    {
        var hostPath = Directory.CreateTempSubdirectory("tdash-life-web-");
        var server = "Web" + Guid.NewGuid().ToString("N")[..8];
        using var app = new DashboardApp(new Dictionary<string, string?> { ["Lifecycle:Privileged"] = "false" });
        try
        {
            await app.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = "node1", Endpoint = infra.Node1.Endpoint, TarsHostpath = hostPath.FullName,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
            var image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await app.Get<BaseImageRepository>().InsertAsync(image);
            var id = await app.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
            {
                Application = "Test", ServerName = server, NodeName = "node1", TemplateName = "tars.default", RunType = RunTypes.Container, BaseImageId = image.Id,
            });
            // The package as publish leaves it in the node's service folder.
            var bin = Directory.CreateDirectory(Path.Combine(hostPath.FullName, "tarsnode-data", $"Test.{server}", "bin"));
            var script = Path.Combine(bin.FullName, "tars_start.sh");
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho started\ntrap 'exit 0' TERM\nbusybox sleep 3600 &\nwait\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
            }

            var page = await browser.NewPageAsync(app);
            await BrowserFixture.SignInAsync(page);
            await page.GotoAsync($"services/{id}");
            await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
            await Assertions.Expect(page.Locator(".state-chip")).ToHaveAttributeAsync("data-state", "inactive");

            await page.Locator("[data-testid=service-start]").ClickAsync();
            await Assertions.Expect(page.Locator(".state-chip")).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-testid=lifecycle-progress]")).ToHaveAttributeAsync("data-status", "3");

            await page.Locator("[data-testid=service-stop]").ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
            await Assertions.Expect(page.Locator(".state-chip")).ToHaveAttributeAsync("data-state", "inactive", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("[data-testid=lifecycle-progress]")).ToHaveAttributeAsync("data-status", "3", new() { Timeout = 30_000 });

            await page.GotoAsync("tasks");
            await page.Locator("#tasks[data-ready=true]").WaitForAsync();
            await Assertions.Expect(page.Locator("[data-testid=task]")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("[data-testid=task-item] [data-status='3']")).ToHaveCountAsync(2);
        }
        finally
        {
            using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync($"Test.{server}", new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }

            try
            {
                hostPath.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
