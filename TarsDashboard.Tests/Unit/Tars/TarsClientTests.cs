using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TarsDashboard.Core;
using TarsDashboard.Core.Tars;
using TarsDashboard.Core.Tars.Admin;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Node;
using TarsDashboard.Core.Tars.Query;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>
/// Each typed method against the strict <see cref="TarsTestServer"/>: the handler reads the in-parameters at exactly the
/// IDL's tags (and nothing more) and answers the return value at tag 0 and out parameters at their position's tag.
/// </summary>
public sealed class TarsClientTests : IAsyncLifetime
{
    private readonly TarsTestServer _server = TarsTestServer.Start();
    private readonly TarsConnectionPool _pool = new(new TarsCallSettings());
    private readonly TarsClientFactory _clients;

    public TarsClientTests()
    {
        _clients = new TarsClientFactory(_pool);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _server.DisposeAsync();
        _server.AssertNoUnexpectedCalls();
    }

    private AdminRegistryClient AdminReg => _clients.AdminRegistry(_server.ObjectRef(AdminRegistryClient.Servant));

    private NodeClient Node => _clients.Node(_server.ObjectRef(NodeClient.Servant));

    /// <summary>Reads the strings at tags 1..n and asserts they are all the arguments there are.</summary>
    private static void ExpectStrings(TarsReader args, params string[] expected)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], args.ReadString(i + 1, required: true));
        }

        Assert.True(args.IsAtEnd, "more arguments than the IDL declares");
    }

    private static readonly TaskItemReq Item = new()
    {
        TaskNo = "t1", ItemNo = "i1", Application = "App", ServerName = "Srv", NodeName = "n1", Command = TaskCommand.Stop, UserName = "u",
    };

    [Fact]
    public async Task QueryF_findObjectById_returns_the_active_endpoints()
    {
        var endpoint = new EndpointF { Host = "10.0.0.5", Port = 12000, Timeout = 60000, IsTcp = 1, NodeName = "n1" };
        _server.Answer(QueryClient.Servant, "findObjectById", (args, result) =>
        {
            ExpectStrings(args, AdminRegistryClient.Servant);
            result.WriteStructList(0, [endpoint]);
        });

        var found = await _clients.Query(_server.ObjectRef(QueryClient.Servant)).FindObjectByIdAsync(AdminRegistryClient.Servant);

        Assert.Equal(endpoint, Assert.Single(found));
    }

    [Theory]
    [InlineData("findObjectById4Any")]
    [InlineData("findObjectById4All")]
    public async Task QueryF_findObjectById4Any_and_4All_return_active_and_inactive_endpoints(string function)
    {
        var active = new EndpointF { Host = "a", Port = 1, IsTcp = 1 };
        var inactive = new EndpointF { Host = "b", Port = 2, IsTcp = 1 };
        _server.Answer(QueryClient.Servant, function, (args, result) =>
        {
            ExpectStrings(args, "App.Srv.Obj");
            result.WriteInt(0, 0);
            result.WriteStructList(2, [active]);
            result.WriteStructList(3, [inactive]);
        });
        var query = _clients.Query(_server.ObjectRef(QueryClient.Servant));

        var found = function == "findObjectById4Any"
            ? await query.FindObjectById4AnyAsync("App.Srv.Obj")
            : await query.FindObjectById4AllAsync("App.Srv.Obj");

        Assert.Equal(0, found.Ret);
        Assert.Equal([active], found.Active);
        Assert.Equal([inactive], found.Inactive);
    }

    [Fact]
    public async Task The_factory_finds_AdminRegObj_through_the_locator_and_calls_it_on_its_tcp_endpoints()
    {
        _server.Answer(QueryClient.Servant, "findObjectById", (args, result) =>
        {
            ExpectStrings(args, AdminRegistryClient.Servant);
            result.WriteStructList(0,
            [
                new EndpointF { Host = "127.0.0.1", Port = 1, IsTcp = 0 },  // udp: not usable
                new EndpointF { Host = "127.0.0.1", Port = _server.Port, Timeout = 60000, IsTcp = 1 },
            ]);
        });
        _server.Answer(AdminRegistryClient.Servant, "getVersion", (args, result) =>
        {
            ExpectStrings(args);
            result.WriteInt(0, 0);
            result.WriteString(1, "3.0.17");
        });

        var adminReg = await _clients.FindAdminRegistryAsync(_server.ObjectRef(QueryClient.Servant));

        Assert.Equal($"{AdminRegistryClient.Servant}@tcp -h 127.0.0.1 -p {_server.Port} -t 60000", adminReg.Target.ToString());
        Assert.Equal(new VersionResult(0, "3.0.17"), await adminReg.GetVersionAsync());
    }

    [Fact]
    public async Task The_factory_reports_AdminRegObj_unreachable_when_the_registry_lists_no_active_endpoint()
    {
        _server.Answer(QueryClient.Servant, "findObjectById", (_, result) => result.WriteStructList<EndpointF>(0, []));

        var error = await Assert.ThrowsAsync<TarsUnreachableException>(() =>
            _clients.FindAdminRegistryAsync(_server.ObjectRef(QueryClient.Servant)));

        Assert.Contains("no active TCP endpoint", error.Message);
    }

    [Fact]
    public async Task AdminReg_addTaskReq_sends_the_task_as_parameter_1()
    {
        var task = new TaskReq { TaskItemReq = [Item], TaskNo = "t1", Serial = true, UserName = "u" };
        _server.Answer(AdminRegistryClient.Servant, "addTaskReq", (args, result) =>
        {
            Assert.Equivalent(task, args.ReadStruct<TaskReq>(1), strict: true);
            Assert.True(args.IsAtEnd);
            result.WriteInt(0, 0);
        });

        Assert.Equal(0, await AdminReg.AddTaskReqAsync(task));
    }

    [Fact]
    public async Task AdminReg_getTaskRsp_reads_the_task_from_out_parameter_2()
    {
        var rsp = new TaskRsp
        {
            TaskNo = "t1", Status = EMTaskStatus.Running,
            TaskItemRsp = [new TaskItemRsp { Req = Item, Status = EMTaskItemStatus.Running, Percent = 40 }],
        };
        _server.Answer(AdminRegistryClient.Servant, "getTaskRsp", (args, result) =>
        {
            ExpectStrings(args, "t1");
            result.WriteInt(0, 0);
            result.WriteStruct(2, rsp);
        });

        var reply = await AdminReg.GetTaskRspAsync("t1");

        Assert.Equal(0, reply.Ret);
        Assert.Equivalent(rsp, reply.Task, strict: true);
    }

    [Fact]
    public async Task AdminReg_getTaskHistory_reads_the_tasks_from_out_parameter_4()
    {
        _server.Answer(AdminRegistryClient.Servant, "getTaskHistory", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", TaskCommand.Restart);
            result.WriteInt(0, 0);
            result.WriteStructList(4, [new TaskRsp { TaskNo = "t1" }, new TaskRsp { TaskNo = "t2" }]);
        });

        var reply = await AdminReg.GetTaskHistoryAsync("App", "Srv", TaskCommand.Restart);

        Assert.Equal(["t1", "t2"], reply.Tasks.Select(t => t.TaskNo));
    }

    [Fact]
    public async Task AdminReg_getServerState_reads_the_state_and_result_from_out_parameters_4_and_5()
    {
        var state = new ServerStateDesc { SettingStateInReg = "active", PresentStateInReg = "active", PresentStateInNode = "active", ProcessId = 77 };
        _server.Answer(AdminRegistryClient.Servant, "getServerState", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "n1");
            result.WriteInt(0, 0);
            result.WriteStruct(4, state);
            result.WriteString(5, "ok");
        });

        var reply = await AdminReg.GetServerStateAsync("App", "Srv", "n1");

        Assert.Equal(new ServerStateResult(0, state, "ok"), reply);
    }

    [Theory]
    [InlineData("startServer")]
    [InlineData("stopServer")]
    [InlineData("restartServer")]
    [InlineData("loadServer")]
    public async Task AdminReg_server_commands_read_the_result_from_out_parameter_4(string function)
    {
        _server.Answer(AdminRegistryClient.Servant, function, (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "n1");
            result.WriteInt(0, TarsErrCode.NodeNotRegistered);
            result.WriteString(4, "node not registered");
        });

        var reply = function switch
        {
            "startServer" => await AdminReg.StartServerAsync("App", "Srv", "n1"),
            "stopServer" => await AdminReg.StopServerAsync("App", "Srv", "n1"),
            "restartServer" => await AdminReg.RestartServerAsync("App", "Srv", "n1"),
            _ => await AdminReg.LoadServerAsync("App", "Srv", "n1"),
        };

        Assert.Equal(new CommandResult(1001, "node not registered"), reply);
        Assert.False(reply.Succeeded);
        Assert.Equal("EM_TARS_NODE_NOT_REGISTRY_ERR", TarsErrCode.NameOf(reply.Ret));
    }

    [Fact]
    public async Task AdminReg_notifyServer_sends_the_command_as_parameter_4_and_reads_out_parameter_5()
    {
        _server.Answer(AdminRegistryClient.Servant, "notifyServer", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "n1", "tars.viewstatus");
            result.WriteInt(0, 0);
            result.WriteString(5, "[notify ok]");
        });

        Assert.Equal(new CommandResult(0, "[notify ok]"), await AdminReg.NotifyServerAsync("App", "Srv", "n1", "tars.viewstatus"));
    }

    [Fact]
    public async Task AdminReg_batchPatch_and_getPatchPercent_carry_the_node_descriptor_structs()
    {
        var request = new PatchRequest { AppName = "App", ServerName = "Srv", NodeName = "n1", Version = "17", PatchObj = "tars.tarspatch.PatchObj" };
        var info = new PatchInfo { Patching = true, Percent = 60, Version = "17", Result = "downloading" };
        _server.Answer(AdminRegistryClient.Servant, "batchPatch", (args, result) =>
        {
            Assert.Equivalent(request, args.ReadStruct<PatchRequest>(1), strict: true);
            Assert.True(args.IsAtEnd);
            result.WriteInt(0, 0);
            result.WriteString(2, "patching");
        });
        _server.Answer(AdminRegistryClient.Servant, "getPatchPercent", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "n1");
            result.WriteInt(0, 0);
            result.WriteStruct(4, info);
        });

        Assert.Equal(new CommandResult(0, "patching"), await AdminReg.BatchPatchAsync(request));
        Assert.Equal(new PatchPercentResult(0, info), await AdminReg.GetPatchPercentAsync("App", "Srv", "n1"));
    }

    [Fact]
    public async Task AdminReg_log_files_are_listed_from_out_parameter_4_and_read_from_out_parameter_6()
    {
        _server.Answer(AdminRegistryClient.Servant, "getLogFileList", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "n1");
            result.WriteInt(0, 0);
            result.WriteStringList(4, ["App.Srv.log", "App.Srv_20260101.log"]);
        });
        _server.Answer(AdminRegistryClient.Servant, "getLogData", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "n1", "App.Srv.log", "tail -100 __log_file_name__");
            result.WriteInt(0, 0);
            result.WriteString(6, "line 1\nline 2\n");
        });

        var files = await AdminReg.GetLogFileListAsync("App", "Srv", "n1");
        var data = await AdminReg.GetLogDataAsync("App", "Srv", "n1", "App.Srv.log", "tail -100 __log_file_name__");

        Assert.Equal(["App.Srv.log", "App.Srv_20260101.log"], files.Files);
        Assert.Equal(new LogDataResult(0, "line 1\nline 2\n"), data);
    }

    [Fact]
    public async Task AdminReg_node_names_ping_and_version_read_their_return_value_at_tag_0()
    {
        _server.Answer(AdminRegistryClient.Servant, "getAllNodeNames", (args, result) =>
        {
            ExpectStrings(args);
            result.WriteStringList(0, ["10.0.0.5", "10.0.0.6"]);
            result.WriteString(1, "");
        });
        _server.Answer(AdminRegistryClient.Servant, "pingNode", (args, result) =>
        {
            ExpectStrings(args, "10.0.0.5");
            result.WriteBool(0, true);
            result.WriteString(2, "ok");
        });
        _server.Answer(AdminRegistryClient.Servant, "getVersion", (args, result) =>
        {
            ExpectStrings(args);
            result.WriteInt(0, 0);
            result.WriteString(1, "3.0.17");
        });

        Assert.Equal(["10.0.0.5", "10.0.0.6"], (await AdminReg.GetAllNodeNamesAsync()).Names);
        Assert.Equal(new PingResult(true, "ok"), await AdminReg.PingNodeAsync("10.0.0.5"));
        Assert.Equal(new VersionResult(0, "3.0.17"), await AdminReg.GetVersionAsync());
    }

    [Fact]
    public async Task Out_parameters_a_peer_leaves_out_read_as_their_defaults()
    {
        _server.Answer(AdminRegistryClient.Servant, "getServerState", (_, result) => result.WriteInt(0, TarsErrCode.LoadServiceDescError));

        var reply = await AdminReg.GetServerStateAsync("App", "Srv", "n1");

        Assert.Equal(new ServerStateResult(1003, new ServerStateDesc(), ""), reply);
    }

    [Fact]
    public async Task Node_log_files_and_state_use_the_node_servants_own_tags()
    {
        var info = new ServerStateInfo { ServerState = ServerState.Active, ProcessId = 9, SettingState = ServerState.Active };
        _server.Answer(NodeClient.Servant, "getLogFileList", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv");
            result.WriteInt(0, 0);
            result.WriteStringList(3, ["App.Srv.log"]);
        });
        _server.Answer(NodeClient.Servant, "getLogData", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv", "App.Srv.log", "head -5 __log_file_name__");
            result.WriteInt(0, 0);
            result.WriteString(5, "first\n");
        });
        _server.Answer(NodeClient.Servant, "getStateInfo", (args, result) =>
        {
            ExpectStrings(args, "App", "Srv");
            result.WriteInt(0, 0);
            result.WriteStruct(3, info);
            result.WriteString(4, "ok");
        });

        Assert.Equal(["App.Srv.log"], (await Node.GetLogFileListAsync("App", "Srv")).Files);
        Assert.Equal(new LogDataResult(0, "first\n"), await Node.GetLogDataAsync("App", "Srv", "App.Srv.log", "head -5 __log_file_name__"));
        var state = await Node.GetStateInfoAsync("App", "Srv");
        Assert.Equivalent(new StateInfoResult(0, info, "ok"), state, strict: true);
    }

    [Fact]
    public async Task AdminF_notify_shutdown_and_getPid()
    {
        _server.Answer(AdminClient.Servant, "notify", (args, result) =>
        {
            ExpectStrings(args, "tars.setloglevel DEBUG");
            result.WriteString(0, "set loglevel ok");
        });
        _server.Answer(AdminClient.Servant, "shutdown", (args, _) => ExpectStrings(args)); // void: an empty reply buffer
        _server.Answer(AdminClient.Servant, "getPid", (args, result) =>
        {
            ExpectStrings(args);
            result.WriteLong(0, 1L << 33);
        });
        var admin = _clients.Admin(_server.ObjectRef(AdminClient.Servant));

        Assert.Equal("set loglevel ok", await admin.NotifyAsync("tars.setloglevel DEBUG"));
        await admin.ShutdownAsync();
        Assert.Equal(1L << 33, await admin.GetPidAsync());
        Assert.Equal(["notify", "shutdown", "getPid"], _server.Calls.Select(c => c.Function));
    }

    [Fact]
    public async Task A_client_timeout_overrides_the_pools_default()
    {
        _server.On(AdminRegistryClient.Servant, "getVersion", _ => TarsTestReply.NoReply);
        var adminReg = _clients.AdminRegistry(_server.ObjectRef(AdminRegistryClient.Servant), TimeSpan.FromMilliseconds(150));

        var error = await Assert.ThrowsAsync<TarsTimeoutException>(() => adminReg.GetVersionAsync());

        Assert.Equal(TimeSpan.FromMilliseconds(150), error.Timeout);
    }

    [Fact]
    public void The_pool_and_the_factory_are_singletons_with_the_framework_call_timeout()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Framework:CallTimeoutSeconds"] = "7" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddTarsDashboardCore(configuration).BuildServiceProvider();

        var factory = services.GetRequiredService<TarsClientFactory>();

        Assert.Same(services.GetRequiredService<TarsConnectionPool>(), factory.Pool);
        Assert.Same(factory, services.GetRequiredService<TarsClientFactory>());
        Assert.Equal(TimeSpan.FromSeconds(7), factory.Pool.Settings.DefaultTimeout);
    }
}
