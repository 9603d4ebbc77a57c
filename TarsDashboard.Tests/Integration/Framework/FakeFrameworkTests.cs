using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Tars;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Node;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>
/// Our AdminReg, Query and Node clients against the fake framework's direct methods: the codes and texts the real
/// components answer with, and the fake's strictness.
/// </summary>
[Collection("infra")]
public sealed class FakeFrameworkTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Ff" + Guid.NewGuid().ToString("N")[..8];
    private FrameworkTestBed _bed = null!;

    private AdminRegistryClient AdminReg => _bed.Host.Get<TarsClientFactory>().AdminRegistry(_bed.Framework.AdminRegistry.Server.ObjectRef(AdminRegistryClient.Servant));

    public async Task InitializeAsync() => _bed = await FrameworkTestBed.StartAsync(infra);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task The_registry_locates_the_admin_registry_and_it_answers_version_nodes_and_ping()
    {
        var clients = _bed.Host.Get<TarsClientFactory>();
        var found = await clients.FindAdminRegistryAsync(TarsObjectRef.Parse(_bed.Framework.Locator));

        Assert.Equal(_bed.Framework.AdminRegistry.Server.Port, Assert.Single(found.Target.Endpoints).Port);
        Assert.Equal(new VersionResult(0, "3.0.17"), await found.GetVersionAsync());
        Assert.Equal([FrameworkTestBed.NodeName], (await found.GetAllNodeNamesAsync()).Names);
        Assert.Equal(new PingResult(true, "ping succ"), await found.PingNodeAsync(FrameworkTestBed.NodeName));
        var ghost = await found.PingNodeAsync("ghost");
        Assert.False(ghost.Reachable);
        Assert.Contains("not registered", ghost.Result);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task Direct_start_stop_load_and_notify_answer_the_node_s_codes()
    {
        var row = await _bed.SeedServiceAsync(_server, Core.Services.RunTypes.Native);

        Assert.Equal(new CommandResult(0, ""), await AdminReg.LoadServerAsync("Test", _server, FrameworkTestBed.NodeName));
        Assert.Equal(-1, (await AdminReg.NotifyServerAsync("Test", _server, FrameworkTestBed.NodeName, "tars.viewversion")).Ret);
        var started = await AdminReg.StartServerAsync("Test", _server, FrameworkTestBed.NodeName);
        Assert.Equal(0, started.Ret);
        Assert.StartsWith("server is activating, please check: find server exe:", started.Result);
        Assert.Equal(new CommandResult(0, "succ:[notify] tars.viewversion"),
            await AdminReg.NotifyServerAsync("Test", _server, FrameworkTestBed.NodeName, "tars.viewversion"));
        Assert.Equal(new CommandResult(0, "succ:"), await AdminReg.StopServerAsync("Test", _server, FrameworkTestBed.NodeName));
        Assert.Equal("inactive", (await _bed.ReloadAsync(row))!.SettingState);
        Assert.Equal(TarsErrCode.LoadServiceDescError, (await AdminReg.GetServerStateAsync("Test", "NoSuchServer", FrameworkTestBed.NodeName)).Ret);

        _bed.Node.IsConnected = false;
        Assert.Equal(new CommandResult(TarsErrCode.NodeNoConnection, ""), await AdminReg.StartServerAsync("Test", _server, FrameworkTestBed.NodeName));
        await _bed.Node.ExpireAsync();
        Assert.Equal(new CommandResult(TarsErrCode.NodeNotRegistered, ""), await AdminReg.StartServerAsync("Test", _server, FrameworkTestBed.NodeName));
        // setting_state was written before the node was asked, each time.
        Assert.Equal("active", (await _bed.ReloadAsync(row))!.SettingState);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task Log_files_are_listed_and_read_through_the_admin_registry_and_the_node_with_the_fixed_commands()
    {
        await _bed.Node.WriteServiceLogAsync("Test", _server, $"Test.{_server}.log", "one", "two", "three");
        await _bed.Node.WriteServiceLogAsync("Test", _server, "readme.txt", "not a log");

        var list = await AdminReg.GetLogFileListAsync("Test", _server, FrameworkTestBed.NodeName);
        Assert.Equal(0, list.Ret);
        Assert.Equal([$"Test.{_server}.log"], list.Files);
        Assert.Equal(new LogDataResult(0, "two\nthree\n"),
            await AdminReg.GetLogDataAsync("Test", _server, FrameworkTestBed.NodeName, $"Test.{_server}.log", TarsLogCommand.LastLines(0, 1 << 20, 2).Text));
        Assert.Equal(-1, (await AdminReg.GetLogDataAsync("Test", _server, FrameworkTestBed.NodeName, "missing.log", TarsLogCommand.LastLines(0, 1 << 20, 2).Text)).Ret);

        var nodeObj = (await _bed.Host.Get<NodeInfoRepository>().GetAsync(FrameworkTestBed.NodeName))!.NodeObj;
        var node = _bed.Host.Get<TarsClientFactory>().Node(TarsObjectRef.Parse(nodeObj));
        Assert.Equal(new LogDataResult(0, "one\n"), await node.GetLogDataAsync("Test", _server, $"Test.{_server}.log", TarsLogCommand.Range(0, 4).Text));
        Assert.Equal([$"Test.{_server}.log"], (await node.GetLogFileListAsync("Test", _server)).Files);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task A_start_leaves_lines_in_tarsnode_s_own_log_which_is_listed_like_a_service_s()
    {
        var row = await _bed.SeedServiceAsync(_server);
        var lifecycle = _bed.Host.Get<FrameworkLifecycle>();
        await lifecycle.WaitAsync((await lifecycle.StartAsync(Admin, [row])).TaskNo);
        await _bed.Node.WhenIdleAsync();

        var files = await AdminReg.GetLogFileListAsync("tars", "tarsnode", FrameworkTestBed.NodeName);

        Assert.Contains("tars.tarsnode.log", files.Files);
        Assert.Contains($"tars.tarsnode.Test.{_server}.log", files.Files);
        var lines = await AdminReg.GetLogDataAsync("tars", "tarsnode", FrameworkTestBed.NodeName, $"tars.tarsnode.Test.{_server}.log", TarsLogCommand.LastLines(0, 1 << 20, 10).Text);
        Assert.Contains($"docker run --rm --name Test.{_server}", lines.FileData);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task Strict_a_shell_command_or_a_path_is_refused_and_an_unknown_method_fails_the_test()
    {
        await _bed.Node.WriteServiceLogAsync("Test", _server, $"Test.{_server}.log", "one");

        var injected = await AdminReg.GetLogDataAsync("Test", _server, FrameworkTestBed.NodeName, $"Test.{_server}.log", TarsLogCommand.Size.Text + "; rm -rf /");
        var traversal = await AdminReg.GetLogDataAsync("Test", _server, FrameworkTestBed.NodeName, "../../etc/passwd", TarsLogCommand.Size.Text);
        var unknown = await Assert.ThrowsAsync<TarsFrameworkException>(() => AdminReg.GetTaskHistoryAsync("Test", _server, "start"));

        Assert.Equal((-1, ""), (injected.Ret, injected.FileData));
        Assert.Equal(-1, traversal.Ret);
        Assert.Equal(TarsReturnCode.NoSuchFunction, unknown.Ret);
        var failure = Assert.Throws<Xunit.Sdk.XunitException>(_bed.Framework.AssertNoUnexpectedCalls);
        Assert.Contains("rm -rf /", failure.Message);
        Assert.Contains("../../etc/passwd", failure.Message);
        Assert.Contains("getTaskHistory", failure.Message);
    }

    [Fact]
    public async Task Get_task_rsp_of_a_task_it_never_had_or_forgot_answers_minus_one()
    {
        var row = await _bed.SeedServiceAsync(_server, Core.Services.RunTypes.Native);
        var lifecycle = _bed.Host.Get<FrameworkLifecycle>();
        var task = await lifecycle.StartAsync(Admin, [row]);
        await lifecycle.WaitAsync(task.TaskNo);
        var known = await AdminReg.GetTaskRspAsync(task.TaskNo);
        Assert.Equal((0, EMTaskStatus.Success), (known.Ret, known.Task.Status));

        _bed.Framework.AdminRegistry.ForgetTasks();

        Assert.Equal(-1, (await AdminReg.GetTaskRspAsync(task.TaskNo)).Ret);
        Assert.Equal(-1, (await AdminReg.GetTaskRspAsync("no-such-task")).Ret);
        _bed.Framework.AssertNoUnexpectedCalls();
    }
}
