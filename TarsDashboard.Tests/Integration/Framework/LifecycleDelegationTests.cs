using Docker.DotNet;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>
/// The pages' own entry points (<see cref="ServiceLifecycle"/>, <see cref="ServicePackageStore"/>, <see cref="TaskHistory"/>)
/// hand a tarsnode's instances to (fake) tarsAdminRegistry: nothing of the dashboard's container path runs for them.
/// </summary>
[Collection("infra")]
public sealed class LifecycleDelegationTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Fd" + Guid.NewGuid().ToString("N")[..8];
    private FrameworkTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await FrameworkTestBed.StartAsync(infra);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Start_and_stop_from_the_service_page_go_to_tarsAdminRegistry_and_the_task_is_listed_with_its_progress()
    {
        var row = await _bed.SeedServiceAsync(_server);
        var lifecycle = _bed.Host.Get<ServiceLifecycle>();

        var start = await lifecycle.StartAsync(Admin, [row.Id]);
        await lifecycle.WaitAsync(start.TaskNo);

        Assert.StartsWith(FrameworkTaskNumbers.Prefix, start.TaskNo);
        var sent = Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks);
        Assert.Equal(("start", FrameworkTestBed.NodeName), (Assert.Single(sent.TaskItemReq).Command, sent.TaskItemReq[0].NodeName));
        Assert.Equal(TaskItemStatus.Success, _bed.Progress(start.TaskNo)[^1].Status);
        // The container is tarsnode's own (unlabelled); the dashboard wrote no task rows of its own.
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "present_state active");
        using var engine = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var container = await engine.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.Equal(_bed.Node.ContainerIdOf("Test", _server), container.ID);
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM t_task"));

        // The Tasks page lists it although db_tars holds no row for it.
        var listed = Assert.Single(await _bed.Host.Get<TaskHistory>().ListRecentAsync(Admin), t => t.Task.TaskNo == start.TaskNo);
        Assert.Equal((int)TaskItemStatus.Success, Assert.Single(listed.Items).Status);
        Assert.Empty(await _bed.Host.Get<TaskHistory>().ListRecentAsync(new Caller("nobody")));

        var stop = await lifecycle.StopAsync(Admin, [row.Id]);
        await lifecycle.WaitAsync(stop.TaskNo);
        Assert.Equal(TaskItemStatus.Success, _bed.Progress(stop.TaskNo)[^1].Status);
        Assert.Equal(["start", "stop"], _bed.Framework.AdminRegistry.ReceivedTasks.Select(t => t.TaskItemReq[0].Command));
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task Publishing_a_package_to_a_tarsnode_s_instance_is_tarsAdminRegistry_s_patch_and_tarsnode_records_the_version()
    {
        var row = await _bed.SeedServiceAsync(_server, writeProgram: false);
        var store = _bed.Host.Get<ServicePackageStore>();
        var package = await store.UploadAsync(Admin, "Test", _server, $"{_server}.tgz",
            new MemoryStream(FrameworkPublisherTests.StandardPackage(_server)), comment: "v1");

        var task = await store.PublishAsync(Admin, package.Id, [row.Id]);
        await store.WaitAsync(task.TaskNo);

        var item = Assert.Single(Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks).TaskItemReq);
        Assert.Equal(("patch_tars", "v1"), (item.Command, item.Parameters["update_text"]));
        var last = _bed.Progress(task.TaskNo)[^1];
        Assert.True(last.Status == TaskItemStatus.Success, last.Log);
        // patch_version is what tarsnode reported (the t_server_patchs id), not the dashboard's "id:md5".
        var patch = Assert.Single(await _bed.Host.Get<ServerPatchRepository>().ListAsync($"Test.{_server}"));
        Assert.Equal(patch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await _bed.ReloadAsync(row))!.PatchVersion);
        var published = Assert.Single(await store.ListPublishHistoryAsync(Admin, "Test", _server));
        Assert.Equal((task.TaskNo, "success"), (published.TaskNo, published.Result));
        _bed.Framework.AssertNoUnexpectedCalls();
    }
}
