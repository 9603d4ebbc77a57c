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
            // The program as publish leaves it in the node's service folder (bin/Server; the dashboard writes tars_start.sh).
            var bin = Directory.CreateDirectory(Path.Combine(hostPath.FullName, "tarsnode-data", $"Test.{server}", "bin"));
            var script = Path.Combine(bin.FullName, server);
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

    [Fact]
    public async Task A_service_whose_start_failed_opens_its_node_journal_and_container_log_merged_and_filtered_in_one_click()
    {
        var hostPath = Directory.CreateTempSubdirectory("tdash-fail-web-");
        var server = "Fail" + Guid.NewGuid().ToString("N")[..8];
        var service = $"Test.{server}";
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
            // A package whose program names itself and gives up after a moment, as a misconfigured service does; the
            // moment is long enough for the engine event watcher (it looks for new nodes every 5 s) to see the exit.
            var bin = Directory.CreateDirectory(Path.Combine(hostPath.FullName, "tarsnode-data", service, "bin"));
            var script = Path.Combine(bin.FullName, server);
            await File.WriteAllTextAsync(script, $"#!/bin/sh\necho {service} cannot read its config\necho unrelated noise\nbusybox sleep 8\nexit 3\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
            }

            var page = await browser.NewPageAsync(app);
            await BrowserFixture.SignInAsync(page);
            await page.GotoAsync($"services/{id}");
            await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
            await page.Locator("[data-testid=service-start]").ClickAsync();
            await Assertions.Expect(page.Locator(".state-chip")).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-testid=exit-code]")).ToContainTextAsync("3", new() { Timeout = 40_000 });

            await page.GetByRole(AriaRole.Link, new() { Name = "Open logs for this failure" }).ClickAsync();

            await page.WaitForURLAsync(url => url.Contains("/logs?", StringComparison.Ordinal));
            await page.Locator("#logs[data-ready=true]").WaitForAsync();
            var viewer = page.Locator(".log-viewer");
            await Assertions.Expect(viewer).ToHaveAttributeAsync("data-sources", "2");
            await Assertions.Expect(page.GetByLabel("Search")).ToHaveValueAsync(service);
            await Assertions.Expect(viewer.Locator($"[data-source='container:node1:{service}'] .log-text").First)
                .ToHaveTextAsync($"{service} cannot read its config", new() { Timeout = 20_000 });
            await Assertions.Expect(viewer.Locator("[data-source='journal:node:node1'] .log-text", new() { HasText = "exited with code 3" }).First)
                .ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(viewer.Locator(".log-text", new() { HasText = "unrelated noise" })).ToHaveCountAsync(0);
        }
        finally
        {
            using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync(service, new ContainerRemoveParameters { Force = true });
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
