using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Images;
using TarsDashboard.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TarsDashboard.Tests.Web;

/// <summary>An admin sets up a private registry and an image in a real Chromium, and syncs it to two real engines.</summary>
[Collection("infra")]
public sealed class ImagesBrowserTests(InfraFixture infra, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly Caller Admin = new("admin");
    private static readonly string[] Nodes = ["node1", "node2"];

    [Fact]
    public async Task An_admin_adds_a_registry_and_an_image_and_watches_the_sync_reach_both_nodes()
    {
        using var app = new DashboardApp();
        var nodes = app.Get<NodeService>();
        await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
        // An image of its own in its own repository (the registry and engines are shared), which neither node has under
        // the pushed name: the push tags it on node1, so that tag goes again.
        var repository = $"web{Guid.NewGuid():N}"[..15];
        await BusyboxVariant.ImportAsync(infra.Node1, $"tarsdash-test/{repository}", "1", marker: repository);
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, $"tarsdash-test/{repository}:1", $"{repository}/busybox:1");
        using (var untag = await infra.Node1.ApiClient.DeleteAsync($"/images/{pushed}"))
        {
            untag.EnsureSuccessStatusCode();
        }

        var page = await browser.NewPageAsync(app);
        // Closed before the app: a circuit still open can hold the app's shutdown for its 30 s timeout.
        await using var context = page.Context;
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/images");
        await page.Locator("#images[data-ready=true]").WaitForAsync();

        // The registry, with a login test from a node before saving.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Registries" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add registry" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Address").FillAsync(infra.Registry.Host);
        await dialog.GetByLabel("User name").FillAsync(infra.Registry.UserName);
        await dialog.GetByLabel("Password").FillAsync(infra.Registry.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Test login" }).ClickAsync();
        // The node's engine asks the registry, which checks a bcrypt hash: slow on a busy machine.
        await Assertions.Expect(dialog.Locator("[data-testid=registry-dialog-login]"))
            .ToHaveAttributeAsync("data-succeeded", "true", new() { Timeout = (float)RegistryService.LoginTimeout.TotalMilliseconds });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var registryRow = page.Locator($"tr:has(td[data-registry='{infra.Registry.Host}'])");
        await Assertions.Expect(registryRow.Locator("[data-password]")).ToHaveAttributeAsync("data-password", "encrypted");
        Assert.DoesNotContain(infra.Registry.Password, await page.ContentAsync());

        // The image, its registry inferred from the reference's host.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Images", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add image" }).ClickAsync();
        await dialog.GetByLabel("Image reference").FillAsync(pushed);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator($"td[data-image-ref='{pushed}']")).ToBeVisibleAsync();
        var image = Assert.Single(await app.Get<ImageService>().ListAsync(Admin));
        Assert.Equal(infra.Registry.Host, image.Registry);

        // The matrix: both cells absent, then pulling, then present with the pulled id.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Sync matrix" }).ClickAsync();
        var cells = Nodes.ToDictionary(n => n, n => page.Locator($"[data-image='{image.Id}'][data-node='{n}']"));
        foreach (var cell in cells.Values)
        {
            await Assertions.Expect(cell).ToHaveAttributeAsync("data-cell-state", "Absent");
        }

        await page.EvaluateAsync(RecordCellStates);
        using var events = app.Get<LiveEventBus>().Open();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sync {pushed} to all nodes" }).ClickAsync();

        foreach (var cell in cells.Values)
        {
            await Assertions.Expect(cell).ToHaveAttributeAsync("data-cell-state", "Present", new() { Timeout = 60_000 });
        }

        var pulledId = await ImageIdOnAsync(infra.Node2, pushed);
        Assert.Equal(pulledId, await ImageIdOnAsync(infra.Node1, pushed));
        foreach (var cell in cells.Values)
        {
            await Assertions.Expect(cell).ToContainTextAsync(pulledId[7..19]);
        }

        var seen = await page.EvaluateAsync<string[][]>("() => window.__cellStates");
        output.WriteLine(string.Join(Environment.NewLine, seen.Select(s => string.Join(" ", s))));
        foreach (var node in Nodes)
        {
            Assert.Contains(seen, s => s[0] == node && s[1] == "Pulling");
        }

        // Core reported each node's pull from its start to 100 %, with the id the matrix shows.
        var progress = Drain(events).OfType<ImagePullProgress>().Where(p => p.State.BaseImageId == image.Id).ToList();
        foreach (var node in Nodes)
        {
            var mine = progress.Where(p => p.State.NodeName == node).Select(p => p.State).ToList();
            Assert.Equal(PullPhase.Pulling, mine.First().Phase);
            Assert.Equal((PullPhase.Succeeded, 100.0, pulledId), (mine.Last().Phase, mine.Last().Percent, mine.Last().ImageId));
        }

        await Assertions.Expect(page.GetByText($"{pushed} is on 2 node(s).")).ToBeVisibleAsync();
    }

    // Every state and percent a matrix cell shows from now on, as [node, state, percent].
    private const string RecordCellStates = """
        () => {
            window.__cellStates = [];
            const note = el => window.__cellStates.push([el.dataset.node, el.dataset.cellState, el.dataset.percent ?? ""]);
            new MutationObserver(changes => {
                for (const change of changes) {
                    if (change.type === "attributes" && change.target.dataset?.cellState) {
                        note(change.target);
                    }
                    for (const added of change.addedNodes) {
                        if (added.nodeType === 1) {
                            [added, ...added.querySelectorAll("[data-cell-state]")].filter(e => e.dataset.cellState).forEach(note);
                        }
                    }
                }
            }).observe(document.querySelector("#images"), { attributes: true, childList: true, subtree: true, attributeFilter: ["data-cell-state", "data-percent"] });
        }
        """;

    private static List<LiveEvent> Drain(LiveSubscription subscription)
    {
        var all = new List<LiveEvent>();
        while (subscription.Reader.TryRead(out var liveEvent))
        {
            all.Add(liveEvent);
        }

        return all;
    }

    private static async Task<string> ImageIdOnAsync(DockerEngineInstance engine, string reference)
    {
        using var response = await engine.ApiClient.GetAsync($"/images/{reference}/json");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
    }
}
