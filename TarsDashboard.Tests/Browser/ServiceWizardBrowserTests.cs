using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An admin walks the service wizard in Chromium, deploys in container mode to a real engine node, and starts it.</summary>
[Collection("infra")]
public sealed class ServiceWizardBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Walking_the_wizard_in_container_mode_and_starting_leaves_a_running_container_on_the_node()
    {
        var hostPath = Directory.CreateTempSubdirectory("tdash-wizard-web-");
        var shared = Directory.CreateTempSubdirectory("tdash-wizard-vol-");
        var application = "Wiz" + Guid.NewGuid().ToString("N")[..8];
        const string server = "OrderServer";
        using var app = new DashboardApp(new Dictionary<string, string?> { ["Lifecycle:Privileged"] = "false" });
        try
        {
            await app.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = "node1", Endpoint = infra.Node1.Endpoint, TarsHostpath = hostPath.FullName,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
            await app.Get<BaseImageRepository>().InsertAsync(new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow });
            // The program as publish would leave it in the node's service folder (the dashboard writes tars_start.sh).
            var bin = Directory.CreateDirectory(Path.Combine(hostPath.FullName, "tarsnode-data", $"{application}.{server}", "bin"));
            var script = Path.Combine(bin.FullName, server);
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho started\ntrap 'exit 0' TERM\nbusybox sleep 3600 &\nwait\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
            }

            var page = await browser.NewPageAsync(app);
            await BrowserFixture.SignInAsync(page);
            await page.GotoAsync("deploy");
            // A click on the prerendered page before the circuit attaches could be lost; wait for it.
            await page.Locator("[data-testid=deploy-wizards][data-ready=true]").WaitForAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Deploy a service" }).ClickAsync();
            await page.Locator("#deploy-service[data-ready=true]").WaitForAsync();
            var wizard = page.Locator("#deploy-service");

            // No application exists yet, so the wizard asks for a new one.
            await page.GetByLabel("New application name").FillAsync(application);
            await Next(page, wizard, 1);
            await page.GetByLabel("Server name").FillAsync("9" + server);
            await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Use letters and digits, starting with a letter.").First).ToBeVisibleAsync();
            await Assertions.Expect(wizard).ToHaveAttributeAsync("data-step", "1");
            await page.GetByLabel("Server name").FillAsync(server);
            await Next(page, wizard, 2); // SET: none
            await Next(page, wizard, 3); // people: none
            await Next(page, wizard, 4);
            await Next(page, wizard, 4); // no node chosen yet
            await Assertions.Expect(page.Locator("[data-testid=nodes-error]")).ToContainTextAsync("Choose at least one node.");
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "node1" }).CheckAsync();
            await Next(page, wizard, 5);
            await Assertions.Expect(page.GetByLabel("Obj name")).ToHaveValueAsync("OrderObj");
            var port = int.Parse(await page.GetByLabel("Port on node1").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(port, AdapterService.AutoPortFirst, AdapterService.AutoPortLast);
            await Next(page, wizard, 6);
            await page.GetByRole(AriaRole.Switch, new() { Name = "Run in a container" }).CheckAsync();
            await Assertions.Expect(page.Locator("[data-testid=step-container]")).ToContainTextAsync(InfraFixture.BusyboxImage);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add volume" }).ClickAsync();
            await page.Locator("[data-volume='0']").GetByLabel("Host path").FillAsync(shared.FullName);
            await page.Locator("[data-volume='0']").GetByLabel("Container path").FillAsync("/data/wizard");
            await Next(page, wizard, 7);
            await Assertions.Expect(page.Locator("[data-testid=review-service]")).ToHaveTextAsync($"{application}.{server}");
            await Assertions.Expect(page.Locator("[data-testid=review-endpoints]")).ToContainTextAsync($"tcp -h node1 -t 60000 -p {port} -e 0");

            await page.Locator("[data-testid=wizard-deploy]").ClickAsync();
            await Assertions.Expect(wizard).ToHaveAttributeAsync("data-phase", "deployed", new() { Timeout = 20_000 });
            var row = (await app.Get<ServerConfRepository>().FindAsync(application, server, "node1"))!;
            Assert.Equal(RunTypes.Container, row.RunType);
            Assert.Equal($"tcp -h node1 -t 60000 -p {port} -e 0",
                Assert.Single(await app.Get<AdapterConfRepository>().ListForInstanceAsync(application, server, "node1")).Endpoint);

            await page.Locator("[data-testid=service-start]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=lifecycle-progress]")).ToHaveAttributeAsync("data-status", "3", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("[data-instance=node1] .state-chip")).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 20_000 });

            using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
            var inspected = await client.Containers.InspectContainerAsync($"{application}.{server}");
            Assert.True(inspected.State?.Running);
            Assert.Contains(inspected.Mounts, m => m.Destination == "/data/wizard" && m.Source == shared.FullName);
        }
        finally
        {
            using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync($"{application}.{server}", new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }

            foreach (var folder in new[] { hostPath, shared })
            {
                try
                {
                    folder.Delete(recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private static async Task Next(IPage page, ILocator wizard, int expectedStep)
    {
        await page.Locator("[data-testid=wizard-next]").ClickAsync();
        await Assertions.Expect(wizard).ToHaveAttributeAsync("data-step", expectedStep.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
