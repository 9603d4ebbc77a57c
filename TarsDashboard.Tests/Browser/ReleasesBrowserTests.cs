using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// On the service page's Releases tab, a batch publish of a bad version is watched node by node until its gate stops
/// it, and a rollback to the earlier release shows what changes before it runs.
/// </summary>
[Collection("infra")]
public sealed class ReleasesBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task A_batch_publish_stops_at_the_failing_batch_live_and_a_rollback_shows_its_diff_then_restores_the_old_release()
    {
        var hostPath = Directory.CreateTempSubdirectory("tdash-rel-web-");
        var server = "Web" + Guid.NewGuid().ToString("N")[..8];
        using var app = new DashboardApp(new Dictionary<string, string?> { ["Lifecycle:Privileged"] = "false", ["Releases:GatePollSeconds"] = "0.5" });
        try
        {
            var image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await app.Get<BaseImageRepository>().InsertAsync(image);
            var ids = new List<int>();
            foreach (var engine in infra.Nodes)
            {
                await app.Get<NodeRepository>().InsertAsync(new NodeRow
                {
                    NodeName = engine.Name, Endpoint = engine.Endpoint, TarsHostpath = Path.Combine(hostPath.FullName, engine.Name),
                    CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
                });
                ids.Add(await app.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
                {
                    Application = "Test", ServerName = server, NodeName = engine.Name, TemplateName = "tars.default", RunType = RunTypes.Container,
                    BaseImageId = image.Id,
                }));
            }

            var store = app.Get<ServicePackageStore>();
            var v1 = await store.UploadAsync(Admin, "Test", server, "v1.tgz", new MemoryStream(TestPackages.Sleeper(server, "version 1")), comment: "v1");
            var releases = app.Get<ReleaseService>();
            var first = await releases.StartRolloutAsync(Admin, new RolloutRequest(v1.Id, ids, BatchSize: 2, WaitSeconds: 0));
            await releases.WaitAsync(first.Id);
            var v2 = await store.UploadAsync(Admin, "Test", server, "v2.tgz", new MemoryStream(TestPackages.Crasher(server, 3)), comment: "v2 broken");
            await store.SetDefaultAsync(Admin, v2.Id);

            var page = await browser.NewPageAsync(app);
            await BrowserFixture.SignInAsync(page);
            await page.GotoAsync($"services/{ids[0]}");
            await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Releases" }).ClickAsync();
            await Assertions.Expect(page.Locator($"[data-release='{first.Id}']")).ToHaveAttributeAsync("data-state", "succeeded");

            await page.Locator("[data-testid=rollout-open]").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Wait per batch (s)").FillAsync("5");
            await dialog.Locator("[data-testid=rollout-start]").ClickAsync();

            // Live, without a reload: the first batch is watched, fails, and the second never starts.
            var rollout = page.Locator("[data-testid=release-list] tbody tr").First;
            await Assertions.Expect(rollout.Locator("[data-node=node1]")).ToHaveAttributeAsync("data-node-state", "gating", new() { Timeout = 30_000 });
            await Assertions.Expect(rollout).ToHaveAttributeAsync("data-state", "stopped", new() { Timeout = 30_000 });
            await Assertions.Expect(rollout.Locator("[data-node=node1]")).ToHaveAttributeAsync("data-node-state", "failed");
            await Assertions.Expect(rollout.Locator("[data-node=node2]")).ToHaveAttributeAsync("data-node-state", "notstarted");
            await Assertions.Expect(rollout.Locator("[data-testid=release-detail]")).ToContainTextAsync("node1");

            await page.GetByRole(AriaRole.Button, new() { Name = $"Roll back to release #{first.Id}" }).ClickAsync();
            var diff = page.GetByRole(AriaRole.Dialog).Locator("[data-testid=rollback-diff]");
            await Assertions.Expect(diff.Locator("tr[data-node=node1]")).ToHaveAttributeAsync("data-changes", "yes");
            await Assertions.Expect(diff.Locator("tr[data-node=node1]")).ToContainTextAsync($"#{v2.Id} {v2.Md5} → #{v1.Id} {v1.Md5}");
            await Assertions.Expect(diff.Locator("tr[data-node=node2]")).ToHaveAttributeAsync("data-changes", "no");
            await page.GetByRole(AriaRole.Dialog).Locator("[data-testid=rollback-confirm]").ClickAsync();

            var back = page.Locator("[data-testid=release-list] tbody tr").First;
            await Assertions.Expect(back).ToContainTextAsync($"Rollback to #{first.Id}", new() { Timeout = 30_000 });
            await Assertions.Expect(back).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 30_000 });
            Assert.Equal(ServicePackageStore.PatchVersion(v1), (await app.Get<ServerConfRepository>().GetAsync(ids[0]))!.PatchVersion);
        }
        finally
        {
            foreach (var engine in infra.Nodes.Where(n => n.IsRunning))
            {
                using var client = DockerClientPool.Create(engine.Endpoint, "");
                try
                {
                    await client.Containers.RemoveContainerAsync($"Test.{server}", new ContainerRemoveParameters { Force = true });
                }
                catch (DockerContainerNotFoundException)
                {
                }
            }

            try
            {
                hostPath.Delete(recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
