using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Releases;

/// <summary>Batch publish behind health gates, stopping at a bad batch, and rollbacks, on two real engines.</summary>
[Collection("infra")]
public sealed class ReleaseRolloutTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private EngineServiceBed _bed = null!;

    public async Task InitializeAsync() =>
        _bed = await EngineServiceBed.StartAsync(infra, "Rel", new Dictionary<string, string?> { ["Releases:GatePollSeconds"] = "0.5" });

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_bad_version_stops_after_the_first_batch_and_undoing_it_restores_the_old_one_there()
    {
        var ids = await SeedBothNodesAsync();
        var releases = _bed.Host.Get<ReleaseService>();
        var v1 = await UploadAsync("v1", TestPackages.Sleeper(_bed.Server, "version 1"));
        var first = await releases.StartRolloutAsync(Admin, new RolloutRequest(v1.Id, ids, BatchSize: 0, BatchPercent: 100, WaitSeconds: 2));
        await releases.WaitAsync(first.Id);
        Assert.Equal(ReleaseStates.Succeeded, (await releases.GetAsync(Admin, first.Id))!.Release.State);

        // v2 starts, then dies a second later: its publish task passes, the gate does not.
        var v2 = await UploadAsync("v2", TestPackages.Crasher(_bed.Server, 3));
        var rollout = await releases.StartRolloutAsync(Admin, new RolloutRequest(v2.Id, ids, BatchSize: 1, WaitSeconds: 6));
        await releases.WaitAsync(rollout.Id);

        var summary = (await releases.GetAsync(Admin, rollout.Id))!;
        Assert.Equal(ReleaseStates.Stopped, summary.Release.State);
        Assert.Matches("node1: the container (is not running \\(exit code 3\\)|restarted|was replaced)", summary.Release.Detail);
        var (node1, node2) = (summary.Nodes.Single(n => n.NodeName == "node1"), summary.Nodes.Single(n => n.NodeName == "node2"));
        Assert.Equal((1, ReleaseNodeStates.Failed), (node1.Batch, node1.State));
        Assert.Equal((2, ReleaseNodeStates.NotStarted), (node2.Batch, node2.State));
        Assert.Equal(v1.Id, node1.PreviousPackageId);
        Assert.True(summary.CanRevert);
        Assert.Equal(ServicePackageStore.PatchVersion(v1), await PatchVersionAsync(ids[1]));
        Assert.Contains("version 1", await ProgramAsync("node2"));

        var reverts = await releases.RevertAsync(Admin, rollout.Id);
        var revert = Assert.Single(reverts);
        await releases.WaitAsync(revert.Id);

        Assert.Equal(ReleaseStates.Succeeded, (await releases.GetAsync(Admin, revert.Id))!.Release.State);
        Assert.Equal((ReleaseKinds.Rollback, (int?)rollout.Id, v1.Id), (revert.Kind, revert.RevertsReleaseId, revert.PackageId));
        Assert.Contains("version 1", await ProgramAsync("node1"));
        Assert.Equal(ServicePackageStore.PatchVersion(v1), await PatchVersionAsync(ids[0]));
        using (var client = DockerClientPool.Create(infra.Node1.Endpoint, ""))
        {
            Assert.True((await client.Containers.InspectContainerAsync($"Test.{_bed.Server}")).State!.Running);
        }

        var undone = (await releases.GetAsync(Admin, rollout.Id))!;
        Assert.Equal(ReleaseStates.RolledBack, undone.Release.State);
        Assert.Equal(ReleaseNodeStates.RolledBack, undone.Nodes.Single(n => n.NodeName == "node1").State);
        Assert.False(undone.CanRevert);
        var history = await releases.ListAsync(Admin, "Test", _bed.Server);
        Assert.Equal([revert.Id, rollout.Id, first.Id], history.Select(h => h.Release.Id));
    }

    [Fact]
    public async Task A_log_line_matching_the_pattern_fails_the_gate_and_a_rollback_to_an_earlier_release_shows_its_diff_first()
    {
        var ids = await SeedBothNodesAsync();
        var releases = _bed.Host.Get<ReleaseService>();
        var configs = _bed.Host.Get<ConfigFileService>();
        const string oldText = "<db>\r\n\thost = a \r\n</db>\r\n";
        var appConf = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", _bed.Server), "app.conf", oldText);
        var v1 = await UploadAsync("v1", TestPackages.Sleeper(_bed.Server, "version 1"));
        var first = await releases.StartRolloutAsync(Admin, new RolloutRequest(v1.Id, ids, BatchSize: 2, WaitSeconds: 0));
        await releases.WaitAsync(first.Id);
        await configs.UpdateAsync(Admin, appConf.Id, "<db>\n host = b\n</db>\n", "point at b", expectedText: null);
        var v2 = await UploadAsync("v2", TestPackages.Sleeper(_bed.Server, "FATAL cannot reach the database"));

        var rollout = await releases.StartRolloutAsync(Admin, new RolloutRequest(v2.Id, ids, BatchSize: 1, WaitSeconds: 4, LogPattern: "FATAL|panic"));
        await releases.WaitAsync(rollout.Id);

        var summary = (await releases.GetAsync(Admin, rollout.Id))!;
        Assert.Equal(ReleaseStates.Stopped, summary.Release.State);
        Assert.Contains("matching the log pattern: FATAL cannot reach the database", summary.Nodes.Single(n => n.Batch == 1).Detail);
        Assert.Equal(ReleaseNodeStates.NotStarted, summary.Nodes.Single(n => n.Batch == 2).State);

        var preview = await releases.PreviewRollbackAsync(Admin, first.Id);
        var changed = Assert.Single(preview.Instances, i => i.PackageChanges);
        Assert.Equal(("node1", $"#{v2.Id} {v2.Md5}", $"#{v1.Id} {v1.Md5}"), (changed.NodeName, changed.CurrentPackage, changed.TargetPackage));
        Assert.False(preview.Instances.Single(i => i.NodeName == "node2").PackageChanges);
        Assert.All(preview.Instances, i => Assert.Equal(["app.conf"], i.ConfigChanges));

        var back = await releases.RollbackToAsync(Admin, first.Id, [ids[0]], waitSeconds: 1);
        await releases.WaitAsync(back.Id);

        Assert.Equal(ReleaseStates.Succeeded, (await releases.GetAsync(Admin, back.Id))!.Release.State);
        Assert.Equal((int?)first.Id, back.SourceReleaseId);
        Assert.Equal(ServicePackageStore.PatchVersion(v1), await PatchVersionAsync(ids[0]));
        Assert.False((await releases.PreviewRollbackAsync(Admin, first.Id)).ChangesAnything);
        // The config file is back byte for byte, in the database and in the instance's folder.
        Assert.Equal(oldText, (await configs.GetAsync(Admin, appConf.Id))!.Config);
        var pushed = Path.Combine(_bed.ServiceFolder("node1"), "bin", "app.conf");
        Assert.Equal(oldText, await File.ReadAllTextAsync(pushed));
    }

    [Fact]
    public async Task Bad_rollout_settings_are_refused_at_their_fields_and_nothing_is_recorded()
    {
        var ids = await SeedBothNodesAsync();
        var releases = _bed.Host.Get<ReleaseService>();
        var v1 = await UploadAsync("v1", TestPackages.Sleeper(_bed.Server, "version 1"));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            releases.StartRolloutAsync(Admin, new RolloutRequest(v1.Id, ids, BatchSize: -1, BatchPercent: 120, WaitSeconds: 99999, LogPattern: "(unclosed")));

        Assert.Equal(["BatchSize", "BatchPercent", "WaitSeconds", "LogPattern"], refused.Errors.Select(e => e.Field));
        var other = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            releases.StartRolloutAsync(Admin, new RolloutRequest(v1.Id, [.. ids, 999_999])));
        Assert.Equal("ServerIds", Assert.Single(other.Errors).Field);
        Assert.Empty(await releases.ListAsync(Admin, "Test", _bed.Server));
        await Assert.ThrowsAsync<AccessDeniedException>(() => releases.StartRolloutAsync(new Caller("nobody"), new RolloutRequest(v1.Id, ids)));
    }

    private async Task<string> ProgramAsync(string node) => await File.ReadAllTextAsync(Path.Combine(_bed.ServiceFolder(node), "bin", _bed.Server));

    private async Task<string?> PatchVersionAsync(int id) => (await _bed.Host.Get<ServerConfRepository>().GetAsync(id))?.PatchVersion;

    private async Task<ServicePackageRow> UploadAsync(string name, byte[] package) =>
        await _bed.Host.Get<ServicePackageStore>().UploadAsync(Admin, "Test", _bed.Server, $"{name}.tgz", new MemoryStream(package), comment: name);

    private async Task<List<int>> SeedBothNodesAsync() => [await _bed.SeedAsync("node1"), await _bed.SeedAsync("node2")];
}
