using TarsDashboard.Core.Data;
using TarsDashboard.Core.Releases;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The release history's data cases; each provider runs all of them through a subclass.</summary>
public abstract class ReleaseDataContract
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    private static ReleaseRow Release(string server, string state = ReleaseStates.Running) => new()
    {
        Application = "App", ServerName = server, Kind = ReleaseKinds.Rollout, PackageId = 7, PackageMd5 = new string('a', 32), PackageLabel = "v7 中文",
        BaseImageId = 3, Image = "registry.local/app:7", ConfigJson = "[]", BatchSize = 1, WaitSeconds = 30, LogPattern = "FATAL|panic",
        FailureGate = true, State = state, CreatedBy = "admin", CreatedAt = new DateTime(2026, 12, 4, 1, 2, 3, DateTimeKind.Utc),
    };

    private static ReleaseNodeRow Node(string node, int batch) => new()
    {
        ServerId = batch * 10, NodeName = node, Batch = batch, State = ReleaseNodeStates.Pending, PreviousPackageId = 6, PreviousBaseImageId = 3,
    };

    [Fact]
    public async Task A_release_and_its_nodes_round_trip_and_progress_is_written_per_node()
    {
        await using var host = await MigratedHostAsync();
        var repository = host.Get<ReleaseRepository>();
        var release = Release("Svc");
        List<ReleaseNodeRow> nodes = [Node("n2", 2), Node("n1", 1)];

        await repository.InsertAsync(release, nodes);
        var node = nodes.Single(n => n.NodeName == "n1");
        (node.State, node.TaskNo, node.Detail, node.StartedAt) = (ReleaseNodeStates.Failed, "T1", new string('x', 2000), release.CreatedAt);
        await repository.SetNodeAsync(node);
        await repository.SetStateAsync(release.Id, ReleaseStates.Stopped, "stopped at batch 1", release.CreatedAt.AddMinutes(1));

        var read = (await repository.GetAsync(release.Id))!;
        Assert.Equal((ReleaseStates.Stopped, "v7 中文", "FATAL|panic", true, (int?)3, release.CreatedAt.AddMinutes(1)),
            (read.State, read.PackageLabel, read.LogPattern, read.FailureGate, read.BaseImageId, read.EndedAt));
        var stored = await repository.ListNodesAsync(release.Id);
        Assert.Equal(["n1", "n2"], stored.Select(n => n.NodeName));
        Assert.Equal((ReleaseNodeStates.Failed, "T1", 1024, (int?)6), (stored[0].State, stored[0].TaskNo, stored[0].Detail.Length, stored[0].PreviousPackageId));
        Assert.Equal(ReleaseNodeStates.Pending, stored[1].State);
    }

    [Fact]
    public async Task Releases_list_newest_first_per_service_with_their_nodes_and_running_ones_are_found_after_a_restart()
    {
        await using var host = await MigratedHostAsync();
        var repository = host.Get<ReleaseRepository>();
        var old = Release("Svc", ReleaseStates.Succeeded);
        var running = Release("Svc");
        var other = Release("Other");
        await repository.InsertAsync(old, [Node("n1", 1)]);
        await repository.InsertAsync(running, [Node("n1", 1), Node("n2", 1)]);
        await repository.InsertAsync(other, []);

        var list = await repository.ListAsync("App", "Svc", 10);
        var nodes = await repository.ListNodesAsync([.. list.Select(r => r.Id)]);

        Assert.Equal([running.Id, old.Id], list.Select(r => r.Id));
        Assert.Equal((1, 2), (nodes[old.Id].Count, nodes[running.Id].Count));
        Assert.Equal([running.Id, other.Id], (await repository.ListRunningAsync()).Select(r => r.Id).Order());

        var recovered = await host.Get<ReleaseService>().RecoverAsync();

        Assert.Equal(2, recovered);
        Assert.Equal(ReleaseStates.Interrupted, (await repository.GetAsync(running.Id))!.State);
        Assert.All(await repository.ListNodesAsync(running.Id), n => Assert.Equal(ReleaseNodeStates.NotStarted, n.State));
        Assert.Empty(await repository.ListRunningAsync());
    }
}
