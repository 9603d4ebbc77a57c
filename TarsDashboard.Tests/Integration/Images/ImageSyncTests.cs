using System.Net.Http.Json;
using System.Text.Json;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Images;

/// <summary>Registries, images and sync against the real private registry (with authentication) and two real engines.</summary>
[Collection("infra")]
public sealed class ImageSyncTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task A_pushed_image_syncs_to_both_nodes_with_live_progress_and_the_matrix_shows_its_id()
    {
        await using var host = await CoreHost.CreateAsync(DatabaseProvider.MySql, await infra.MariaDb.CreateDatabaseAsync("images_e2e"));
        await AddNodesAsync(host);
        // An image no node has yet (unlike the shared busybox, which other tests may have pulled), so node2 downloads its layer.
        var repository = UniqueRepository();
        await BusyboxVariant.ImportAsync(infra.Node1, $"tarsdash-test/{repository}", "1", marker: repository);
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, $"tarsdash-test/{repository}:1", $"{repository}/busybox:1");
        var registry = await host.Get<RegistryService>().AddAsync(Admin,
            new RegistryInput { Registry = infra.Registry.Host, Username = infra.Registry.UserName, Password = infra.Registry.Password });
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });
        using var events = host.Get<LiveEventBus>().Open();

        var result = await host.Get<ImageSyncService>().SyncAsync(Admin, image.Id, ["node1", "node2"]);

        Assert.True(result.AllSucceeded, result.Summary);
        Assert.Equal(registry.Id, image.RegistryId);
        var sha = Assert.Single(result.Nodes.Select(n => n.ImageId).Distinct());
        Assert.StartsWith("sha256:", sha);
        var row = (await host.Get<BaseImageRepository>().GetAsync(image.Id))!;
        Assert.Equal(sha, row.Sha);
        Assert.Contains("pulled", row.Result);
        Assert.Contains("node1, node2", row.Result);

        var matrix = await host.Get<ImageMatrixService>().GetAsync(Admin);
        Assert.All(["node1", "node2"], node => Assert.Equal((ImageCellState.Present, sha), (matrix.Cell(image.Id, node).State, matrix.Cell(image.Id, node).ImageId)));

        var progress = Drain(events).OfType<ImagePullProgress>().Where(e => e.State.BaseImageId == image.Id).ToList();
        foreach (var node in new[] { "node1", "node2" })
        {
            var mine = progress.Where(p => p.State.NodeName == node).ToList();
            Assert.Equal(PullPhase.Pulling, mine.First().State.Phase);
            Assert.Equal((PullPhase.Succeeded, 100.0, sha), (mine.Last().State.Phase, mine.Last().State.Percent, mine.Last().State.ImageId));
        }

        // node2 had to download the layer: it was announced while pulling, and the end counts it with its bytes.
        Assert.Contains(progress, p => p.State is { NodeName: "node2", Phase: PullPhase.Pulling, LayersTotal: 1 });
        var node2Done = progress.Last(p => p.State.NodeName == "node2").State;
        Assert.True(node2Done is { LayersDone: 1, LayersTotal: 1, BytesTotal: > 0 } && node2Done.BytesDone == node2Done.BytesTotal, node2Done.ToString());

        // The password is encrypted in the MySQL row (varchar(128)) and the registry answers a login test with it.
        var stored = await host.Get<TarsDatabase>().ExecuteScalarAsync<string>("SELECT password FROM t_docker_registry WHERE id = @id", new { id = registry.Id });
        Assert.StartsWith(SecretProtector.Prefix, stored);
        Assert.DoesNotContain(infra.Registry.Password, stored);
        var login = await host.Get<RegistryService>().TestLoginAsync(Admin, RegistryInput.From(registry), "node2", registry.Id);
        Assert.True(login.Succeeded, login.Message);
    }

    [Fact]
    public async Task A_password_readable_by_tars_is_plain_text_in_the_row_pulls_work_with_it_and_switching_keeps_it_working()
    {
        await using var host = await CoreHost.CreateAsync(DatabaseProvider.MySql, await infra.MariaDb.CreateDatabaseAsync("images_plain"));
        await AddNodesAsync(host);
        var repository = UniqueRepository();
        await BusyboxVariant.ImportAsync(infra.Node1, $"tarsdash-test/{repository}", "1", marker: repository);
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, $"tarsdash-test/{repository}:1", $"{repository}/busybox:1");
        var registries = host.Get<RegistryService>();
        var database = host.Get<TarsDatabase>();
        Task<string> StoredAsync(int id) => database.ExecuteScalarAsync<string>("SELECT password FROM t_docker_registry WHERE id = @id", new { id })!;

        var registry = await registries.AddAsync(Admin, new RegistryInput
        {
            Registry = infra.Registry.Host, Username = infra.Registry.UserName, Password = infra.Registry.Password, PasswordStorage = PasswordStorage.PlainText,
        });
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });

        // What tarsnode and tarsregistry read: the password itself; the dashboard pulls with it from the real registry.
        Assert.Equal(infra.Registry.Password, await StoredAsync(registry.Id));
        var node1 = await host.Get<ImageSyncService>().SyncAsync(Admin, image.Id, ["node1"]);
        Assert.True(node1.AllSucceeded, node1.Summary);

        // Switched to encrypted without typing it again: enc:v1: in the row, and node2 still pulls (it has no copy yet).
        var encrypted = await registries.UpdateAsync(Admin, registry.Id,
            new RegistryInput { Registry = registry.Registry, Username = registry.Username, PasswordStorage = PasswordStorage.Encrypted }, registry.UpdateTime);
        var stored = await StoredAsync(registry.Id);
        Assert.StartsWith(SecretProtector.Prefix, stored);
        Assert.DoesNotContain(infra.Registry.Password, stored);
        Assert.Null(await ImageIdOnAsync(infra.Node2, pushed));
        var node2 = await host.Get<ImageSyncService>().SyncAsync(Admin, image.Id, ["node2"]);
        Assert.True(node2.AllSucceeded, node2.Summary);

        // And back: the same password readable again, and the login test passes with it.
        await registries.UpdateAsync(Admin, registry.Id,
            new RegistryInput { Registry = registry.Registry, Username = registry.Username, PasswordStorage = PasswordStorage.PlainText }, encrypted.UpdateTime);
        Assert.Equal(infra.Registry.Password, await StoredAsync(registry.Id));
        var login = await registries.TestLoginAsync(Admin, RegistryInput.From(encrypted), "node1", registry.Id);
        Assert.True(login.Succeeded, login.Message);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_login_test_and_the_sync_with_a_clear_error_and_leaves_nothing_behind()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        await AddNodesAsync(host);
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, InfraFixture.BusyboxImage, $"{UniqueRepository()}/busybox:1");
        await RemoveLocalTagAsync(infra.Node1, pushed); // so that node1 must pull from the registry too
        var wrong = new RegistryInput { Registry = infra.Registry.Host, Username = infra.Registry.UserName, Password = "not-the-password" };
        var registries = host.Get<RegistryService>();

        var login = await registries.TestLoginAsync(Admin, wrong, "node1");

        Assert.False(login.Succeeded);
        Assert.Contains("401", login.Message);
        Assert.Empty(await registries.ListAsync(Admin)); // a test stores nothing

        await registries.AddAsync(Admin, wrong);
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });
        var result = await host.Get<ImageSyncService>().SyncAsync(Admin, image.Id);

        Assert.All(result.Nodes, n =>
        {
            Assert.False(n.Succeeded);
            Assert.Matches("(?i)unauthorized|authentication required|401", n.Error);
        });
        var row = (await host.Get<BaseImageRepository>().GetAsync(image.Id))!;
        Assert.Null(row.Sha);
        Assert.Contains("failed on node1", row.Result);
        foreach (var node in infra.Nodes)
        {
            Assert.Null(await ImageIdOnAsync(node, pushed));
        }

        var matrix = await host.Get<ImageMatrixService>().GetAsync(Admin);
        Assert.All(matrix.Cells, c => Assert.Equal(ImageCellState.Failed, c.State));
        Assert.All(matrix.Cells, c => Assert.False(string.IsNullOrEmpty(c.Reason)));
    }

    [Fact]
    public async Task A_new_image_pushed_under_the_same_tag_shows_stale_nodes_until_they_are_synced_again()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        await AddNodesAsync(host);
        var repository = UniqueRepository();
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, InfraFixture.BusyboxImage, $"{repository}/busybox:1");
        await AddRegistryAsync(host);
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });
        var sync = host.Get<ImageSyncService>();
        var first = (await sync.SyncAsync(Admin, image.Id)).Sha;

        // A different image under the same tag, pushed from node1 (which tags it locally as well).
        await BusyboxVariant.ImportAsync(infra.Node1, $"tarsdash-test/{repository}", "2", marker: repository);
        await infra.Registry.PushImageAsync(infra.Node1, $"tarsdash-test/{repository}:2", $"{repository}/busybox:1");
        var matrices = host.Get<ImageMatrixService>();

        var afterPush = await matrices.GetAsync(Admin);
        Assert.Equal(ImageCellState.Stale, afterPush.Cell(image.Id, "node1").State);
        Assert.Equal((ImageCellState.Present, first), (afterPush.Cell(image.Id, "node2").State, afterPush.Cell(image.Id, "node2").ImageId));

        var second = (await sync.SyncAsync(Admin, image.Id, ["node1"])).Sha;
        var afterNode1 = await matrices.GetAsync(Admin);
        Assert.NotEqual(first, second);
        Assert.Equal((ImageCellState.Present, second), (afterNode1.Cell(image.Id, "node1").State, afterNode1.Cell(image.Id, "node1").ImageId));
        Assert.Equal((ImageCellState.Stale, first), (afterNode1.Cell(image.Id, "node2").State, afterNode1.Cell(image.Id, "node2").ImageId));

        var synced = await matrices.SyncAllStaleAsync(Admin);

        Assert.Equal(["node2"], Assert.Single(synced).Nodes.Select(n => n.NodeName));
        var final = await matrices.GetAsync(Admin);
        Assert.All(["node1", "node2"], node => Assert.Equal((ImageCellState.Present, second), (final.Cell(image.Id, node).State, final.Cell(image.Id, node).ImageId)));
        Assert.Empty(await matrices.SyncAllStaleAsync(Admin));
    }

    [Fact]
    public async Task Removing_an_image_from_a_node_is_refused_while_a_container_uses_it()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        await AddNodesAsync(host);
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, InfraFixture.BusyboxImage, $"{UniqueRepository()}/busybox:1");
        await AddRegistryAsync(host);
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });
        var sync = host.Get<ImageSyncService>();
        await sync.SyncAsync(Admin, image.Id, ["node2"]);
        var container = await CreateContainerAsync(infra.Node2, pushed); // created, never started: it still holds the image

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => sync.RemoveFromNodeAsync(Admin, image.Id, "node2"));

        Assert.Equal("Image.UsedByContainer", refused.Errors.Single().Code);
        Assert.NotNull(await ImageIdOnAsync(infra.Node2, pushed));

        using (var removed = await infra.Node2.ApiClient.DeleteAsync($"/containers/{container}?force=true"))
        {
            removed.EnsureSuccessStatusCode();
        }

        await sync.RemoveFromNodeAsync(Admin, image.Id, "node2");

        Assert.Null(await ImageIdOnAsync(infra.Node2, pushed));
        Assert.Equal(ImageCellState.Absent, (await host.Get<ImageMatrixService>().GetAsync(Admin)).Cell(image.Id, "node2").State);
    }

    [Fact]
    public async Task A_node_whose_engine_is_down_fails_its_cell_with_the_reason_while_the_other_node_finishes_and_a_retry_works()
    {
        await using var flaky = new DockerEngineInstance("imgdown");
        await flaky.StartAsync();
        await using var host = await CoreHost.CreateSqliteAsync();
        await AddNodesAsync(host);
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "flaky", Endpoint = flaky.Endpoint });
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, InfraFixture.BusyboxImage, $"{UniqueRepository()}/busybox:1");
        await AddRegistryAsync(host);
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });
        var sync = host.Get<ImageSyncService>();
        await flaky.StopAsync();

        var partial = await sync.SyncAsync(Admin, image.Id, ["node2", "flaky"]);

        Assert.True(partial.Nodes.Single(n => n.NodeName == "node2").Succeeded);
        var failed = partial.Nodes.Single(n => n.NodeName == "flaky");
        Assert.False(failed.Succeeded);
        Assert.StartsWith("Engine unreachable", failed.Error);
        Assert.NotNull(partial.Sha);
        var matrix = await host.Get<ImageMatrixService>().GetAsync(Admin);
        Assert.Equal((ImageCellState.Failed, failed.Error), (matrix.Cell(image.Id, "flaky").State, matrix.Cell(image.Id, "flaky").Reason));
        Assert.Equal(ImageCellState.Present, matrix.Cell(image.Id, "node2").State);

        await flaky.StartAsync();
        var retry = await sync.SyncAsync(Admin, image.Id, ["flaky"]);

        Assert.True(retry.AllSucceeded, retry.Summary);
        Assert.Equal(partial.Sha, retry.Sha);
        var after = await host.Get<ImageMatrixService>().GetAsync(Admin);
        Assert.Equal((ImageCellState.Present, partial.Sha), (after.Cell(image.Id, "flaky").State, after.Cell(image.Id, "flaky").ImageId));
    }

    private async Task AddNodesAsync(CoreHost host)
    {
        var nodes = host.Get<NodeService>();
        await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
    }

    private Task<RegistrySummary> AddRegistryAsync(CoreHost host) => host.Get<RegistryService>().AddAsync(Admin,
        new RegistryInput { Registry = infra.Registry.Host, Username = infra.Registry.UserName, Password = infra.Registry.Password });

    // Each test pushes to its own repository: the registry and the engines are shared by the whole collection.
    private static string UniqueRepository() => $"img{Guid.NewGuid():N}"[..15];

    private static List<LiveEvent> Drain(LiveSubscription subscription)
    {
        var all = new List<LiveEvent>();
        while (subscription.Reader.TryRead(out var liveEvent))
        {
            all.Add(liveEvent);
        }

        return all;
    }

    private static async Task<string?> ImageIdOnAsync(DockerEngineInstance engine, string reference)
    {
        using var response = await engine.ApiClient.GetAsync($"/images/{reference}/json");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString();
    }

    private static async Task RemoveLocalTagAsync(DockerEngineInstance engine, string reference)
    {
        using var response = await engine.ApiClient.DeleteAsync($"/images/{reference}");
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> CreateContainerAsync(DockerEngineInstance engine, string image)
    {
        var create = new { Image = image, Cmd = new[] { "sh", "-c", "busybox true" }, HostConfig = new { NetworkMode = "none" } };
        using var response = await engine.ApiClient.PostAsJsonAsync("/containers/create", create);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
    }
}
