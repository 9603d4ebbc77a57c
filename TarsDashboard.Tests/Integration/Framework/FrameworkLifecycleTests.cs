using Docker.DotNet;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>
/// Start, stop and restart of instances on a tarsnode-managed node go through (fake) tarsAdminRegistry as the Tars web
/// platform sends them; the fake tarsnode runs the containers on a real engine and reports into a real MariaDB db_tars.
/// </summary>
[Collection("infra")]
public sealed class FrameworkLifecycleTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Fw" + Guid.NewGuid().ToString("N")[..8];
    private FrameworkTestBed _bed = null!;

    private FrameworkLifecycle Lifecycle => _bed.Host.Get<FrameworkLifecycle>();

    public async Task InitializeAsync() => _bed = await FrameworkTestBed.StartAsync(infra);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Start_restart_and_stop_of_a_container_instance_are_one_addTaskReq_each_and_tarsnode_runs_the_container()
    {
        var row = await _bed.SeedServiceAsync(_server);

        var start = await Lifecycle.StartAsync(Admin, [row]);
        await Lifecycle.WaitAsync(start.TaskNo);

        var sent = Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks);
        Assert.Equal((start.TaskNo, false, "admin", false, 1), (sent.TaskNo, sent.Serial, sent.UserName, sent.IsElegant, sent.EachNum));
        Assert.StartsWith(FrameworkTaskNumbers.Prefix, sent.TaskNo);
        var item = Assert.Single(sent.TaskItemReq);
        Assert.Equal(new TaskItemReq
        {
            TaskNo = start.TaskNo, ItemNo = start.TaskNo + "-0", Application = "Test", ServerName = _server, NodeName = FrameworkTestBed.NodeName,
            SetName = "", Command = "start", UserName = "admin", Parameters = item.Parameters,
        }, item);
        Assert.Empty(item.Parameters);
        AssertProgressEndsIn(start.TaskNo, TaskItemStatus.Success);
        Assert.Contains("server is activating, please check: find server exe:", Last(start.TaskNo).Log);
        Assert.Equal("EM_I_SUCCESS", Last(start.TaskNo).StatusInfo);
        Assert.Equal(row.Id, Last(start.TaskNo).ServerId);

        // tarsAdminRegistry keeps start tasks in memory only, and the dashboard wrote none of its own.
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM t_task"));
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM t_task_item"));
        Assert.Equal("active", (await _bed.ReloadAsync(row))!.SettingState);
        // So the dashboard remembers it for the Tasks page itself.
        var remembered = Assert.Single(_bed.Host.Get<DelegatedTaskHistory>().ListRecent());
        Assert.Equal((start.TaskNo, (int)TaskItemStatus.Success), (remembered.Task.TaskNo, Assert.Single(remembered.Items).Status));

        // The node reports the container once it runs; that container is tarsnode's (no labels), as tarsnode makes it.
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "present_state active");
        using var engine = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var container = await engine.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.Equal(_bed.Node.ContainerIdOf("Test", _server), container.ID);
        Assert.True(container.State!.Running);
        Assert.Empty(container.Config!.Labels ?? new Dictionary<string, string>());
        Assert.True(container.HostConfig!.AutoRemove);
        Assert.Equal("host", container.HostConfig.NetworkMode);
        Assert.Equal([$"{ServiceFolders.ServerDir("Test", _server)}/bin/tars_start.sh"], container.Config.Entrypoint);
        Assert.Equal((int)container.State.Pid, (await _bed.ReloadAsync(row))!.ProcessId);

        var restart = await Lifecycle.RestartAsync(Admin, [row]);
        await Lifecycle.WaitAsync(restart.TaskNo);
        AssertProgressEndsIn(restart.TaskNo, TaskItemStatus.Success);
        await FrameworkTestBed.WaitForAsync(async () => _bed.Node.ContainerIdOf("Test", _server) is { } id && id != container.ID
                                                        && (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "a new container");

        var stop = await Lifecycle.StopAsync(Admin, [row]);
        await Lifecycle.WaitAsync(stop.TaskNo);
        AssertProgressEndsIn(stop.TaskNo, TaskItemStatus.Success);
        Assert.Equal("succ:", Last(stop.TaskNo).Log);
        var stopped = (await _bed.ReloadAsync(row))!;
        Assert.Equal(("inactive", PresentStates.Inactive, 0), (stopped.SettingState, stopped.PresentState, stopped.ProcessId));
        await FrameworkTestBed.WaitForAsync(async () =>
        {
            try
            {
                await engine.Containers.InspectContainerAsync($"Test.{_server}");
                return false;
            }
            catch (DockerContainerNotFoundException)
            {
                return true; // auto-removed after docker stop
            }
        }, "the container to be gone");

        Assert.Equal(["start", "restart", "stop"], _bed.Framework.AdminRegistry.ReceivedTasks.Select(t => Assert.Single(t.TaskItemReq).Command));
        Assert.Equal([$"startServer Test.{_server}", $"stopServer Test.{_server}", $"startServer Test.{_server}", $"stopServer Test.{_server}"],
            _bed.Node.Received);
        var audits = await _bed.Host.Get<AuditRepository>().QueryAsync(new AuditQuery(Target: $"Test.{_server}"));
        Assert.Equal(3, audits.Rows.Count(a => a.Result == AuditResult.Ok && a.Detail!.EndsWith("via tarsAdminRegistry", StringComparison.Ordinal)));
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task A_native_instance_is_started_restarted_and_stopped_by_tarsnode_through_the_same_task()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);

        foreach (var (run, expected) in new (Func<Task<TaskRow>>, string)[]
                 {
                     (() => Lifecycle.StartAsync(Admin, [row]), PresentStates.Active),
                     (() => Lifecycle.RestartAsync(Admin, [row]), PresentStates.Active),
                     (() => Lifecycle.StopAsync(Admin, [row]), PresentStates.Inactive),
                 })
        {
            var task = await run();
            await Lifecycle.WaitAsync(task.TaskNo);
            AssertProgressEndsIn(task.TaskNo, TaskItemStatus.Success);
            Assert.Equal(expected, (await _bed.ReloadAsync(row))!.PresentState);
        }

        Assert.Equal(["start", "restart", "stop"], _bed.Framework.AdminRegistry.ReceivedTasks.Select(t => Assert.Single(t.TaskItemReq).Command));
        Assert.Null(_bed.Node.ContainerIdOf("Test", _server));
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task A_serial_task_whose_first_node_is_not_registered_fails_that_item_with_the_reason_and_cancels_the_next()
    {
        var lost = await _bed.SeedServiceAsync(_server, RunTypes.Native, node: "fwlost");
        var fine = await _bed.SeedServiceAsync(_server, RunTypes.Native);

        var task = await Lifecycle.StartAsync(Admin, [lost, fine], serial: true);
        await Lifecycle.WaitAsync(task.TaskNo);

        var sent = Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks);
        Assert.True(sent.Serial);
        Assert.Equal([("fwlost", task.TaskNo + "-0"), (FrameworkTestBed.NodeName, task.TaskNo + "-1")],
            sent.TaskItemReq.Select(i => (i.NodeName, i.ItemNo)));
        var failed = _bed.Progress(task.TaskNo).Last(p => p.NodeName == "fwlost");
        Assert.Equal((TaskItemStatus.Failed, "EM_I_FAILED"), (failed.Status, failed.StatusInfo));
        Assert.Contains("TarsNodeNotRegistryException", failed.Log);
        Assert.EndsWith("failed: node fwlost is not registered with the Tars framework, or its tarsnode stopped sending heartbeats", failed.Log);
        var cancelled = _bed.Progress(task.TaskNo).Last(p => p.NodeName == FrameworkTestBed.NodeName);
        Assert.Equal((TaskItemStatus.Cancel, "EM_I_CANCEL"), (cancelled.Status, cancelled.StatusInfo));
        // tarsAdminRegistry wrote setting_state before it asked the node; the node was never asked for the second item.
        Assert.Equal("active", (await _bed.ReloadAsync(lost))!.SettingState);
        Assert.Equal("inactive", (await _bed.ReloadAsync(fine))!.SettingState);
        Assert.Empty(_bed.Node.Received);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task With_the_framework_down_a_start_is_refused_with_the_reason_and_nothing_is_written_then_a_retry_works()
    {
        var row = await _bed.SeedServiceAsync(_server);
        await _bed.Framework.DownAsync();

        var refused = await Assert.ThrowsAsync<FrameworkUnreachableException>(() => Lifecycle.StartAsync(Admin, [row]));

        Assert.Contains("the registry did not locate tars.tarsAdminRegistry.AdminRegObj", refused.Reason);
        Assert.Contains("t_adapter_conf lists no endpoint", refused.Reason);
        Assert.False(refused.RequestMayHaveRun);
        Assert.Equal("Framework.Unreachable", refused.Error.Code);
        Assert.Empty(_bed.Framework.AdminRegistry.ReceivedTasks);
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM t_task"));
        var untouched = (await _bed.ReloadAsync(row))!;
        Assert.Equal(("inactive", "inactive", 0), (untouched.SettingState, untouched.PresentState, untouched.ProcessId));
        var audit = (await _bed.Host.Get<AuditRepository>().QueryAsync(new AuditQuery(Action: "service.start"))).Rows.Single();
        Assert.Equal(AuditResult.Failed, audit.Result);
        Assert.Contains("unreachable", audit.Detail);
        var check = await _bed.Host.Get<AdminRegistryConnector>().CheckAsync();
        Assert.False(check.IsReachable);

        _bed.Framework.Up();
        Assert.Equal(new FrameworkReachability(true, $"{FakeFrameworkName}@tcp -h 127.0.0.1 -p {_bed.Framework.AdminRegistry.Server.Port} -t 60000",
            "3.0.17", null), await _bed.Host.Get<AdminRegistryConnector>().CheckAsync());
        var retried = await Lifecycle.StartAsync(Admin, [row]);
        await Lifecycle.WaitAsync(retried.TaskNo);

        AssertProgressEndsIn(retried.TaskNo, TaskItemStatus.Success);
        Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks);
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "present_state active");
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task A_framework_that_dies_mid_task_shows_framework_unreachable_instead_of_hanging()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bed.Node.HoldCommandsUntil(release.Task);

        var task = await Lifecycle.StartAsync(Admin, [row]);
        await FrameworkTestBed.WaitForAsync(() => Task.FromResult(_bed.Progress(task.TaskNo).Any(p => p.Status == TaskItemStatus.Running)), "the item to run");
        await _bed.Framework.DownAsync();
        await Lifecycle.WaitAsync(task.TaskNo).WaitAsync(TimeSpan.FromSeconds(30));

        var last = Last(task.TaskNo);
        Assert.Equal((TaskItemStatus.Failed, FrameworkTaskFollower.UnreachableStatusInfo), (last.Status, last.StatusInfo));
        Assert.Contains("failed: framework unreachable: tarsAdminRegistry did not answer getTaskRsp", last.Log);
        Assert.Contains($"the task may still run there (task {task.TaskNo})", last.Log);
        Assert.True(last.IsFinished);
        release.SetResult();
        _bed.Framework.Up();
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task An_admin_registry_that_restarts_and_forgets_the_task_ends_it_as_failed_with_the_reason()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bed.Node.HoldCommandsUntil(release.Task);

        var task = await Lifecycle.StartAsync(Admin, [row]);
        await FrameworkTestBed.WaitForAsync(() => Task.FromResult(_bed.Progress(task.TaskNo).Any(p => p.Status == TaskItemStatus.Running)), "the item to run");
        _bed.Framework.AdminRegistry.ForgetTasks();
        await Lifecycle.WaitAsync(task.TaskNo).WaitAsync(TimeSpan.FromSeconds(30));

        var last = Last(task.TaskNo);
        Assert.Equal(TaskItemStatus.Failed, last.Status);
        Assert.Contains($"tarsAdminRegistry no longer knows task {task.TaskNo} (getTaskRsp returned -1", last.Log);
        release.SetResult();
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task When_the_registry_lists_no_admin_registry_its_t_adapter_conf_row_is_used()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);
        _bed.Framework.Registry.AdvertiseAdminRegistry = false;
        var nowhere = await Assert.ThrowsAsync<FrameworkUnreachableException>(() => Lifecycle.StartAsync(Admin, [row]));
        Assert.Contains("lists no active TCP endpoint", nowhere.Reason);

        await _bed.Framework.RegisterAdminRegistryAdapterAsync();
        var task = await Lifecycle.StartAsync(Admin, [row]);
        await Lifecycle.WaitAsync(task.TaskNo);

        AssertProgressEndsIn(task.TaskNo, TaskItemStatus.Success);
        Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task A_caller_without_the_operator_role_is_denied_and_nothing_is_sent()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Lifecycle.StartAsync(new Caller("nobody"), [row]));

        Assert.Empty(_bed.Framework.AdminRegistry.ReceivedTasks);
        Assert.Empty(_bed.Framework.AdminRegistry.Server.Calls);
        Assert.Equal("inactive", (await _bed.ReloadAsync(row))!.SettingState);
    }

    private const string FakeFrameworkName = AdminRegistryClient.Servant;

    private TaskProgress Last(string taskNo) => _bed.Progress(taskNo)[^1];

    // Our own "not started" first, tarsAdminRegistry's codes after it, never going back, the last one finished.
    private void AssertProgressEndsIn(string taskNo, TaskItemStatus end)
    {
        var statuses = _bed.Progress(taskNo).Select(p => p.Status).ToList();
        Assert.Equal(TaskItemStatus.NotStarted, statuses[0]);
        Assert.Equal(end, statuses[^1]);
        Assert.Equal(statuses.Order(), statuses);
        Assert.Single(statuses, s => s == end);
    }
}
