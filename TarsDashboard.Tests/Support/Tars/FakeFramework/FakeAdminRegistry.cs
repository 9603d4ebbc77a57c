using System.Collections.Concurrent;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Node;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// tarsAdminRegistry's <c>AdminRegObj</c> on a <see cref="TarsTestServer"/>, answering as FW AdminRegistryImp does.
/// addTaskReq stores the task as DbProxy does (rows for publishes only), then runs it in memory as ExecuteTask does
/// (<see cref="FakeTaskList"/>) with the real item codes and logs; getTaskRsp answers from memory, then from db_tars.
/// start/stop/restart write <c>setting_state</c> first and then ask the node, so a node that is not registered (no
/// active <c>t_node_info</c> row) fails with EM_TARS_NODE_NOT_REGISTRY_ERR after the write, as the real one does.
/// A node is reached through its "push connection" (<see cref="FakeTarsnode.IsConnected"/>); a registered node
/// without one answers EM_TARS_NODE_NO_CONNECTION (simplified: the real one would call its node_obj directly, and
/// inside a task it dereferences a null current there). Only the methods the dashboard calls are served: any other
/// call is answered "no such function" and recorded as unexpected by the server.
/// </summary>
public sealed class FakeAdminRegistry
{
    public const string Servant = AdminRegistryClient.Servant;

    /// <summary>What the real build answered to getVersion (interop findings §4).</summary>
    public const string Version = "3.0.17";

    /// <summary>How long tarsAdminRegistry waits for a node's answer over the push connection.</summary>
    public static readonly TimeSpan NodeCallTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, FakeTaskList> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeTarsnode> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TaskReq> _received = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly FakeDbTars _db;

    public FakeAdminRegistry(FakeDbTars db, string? patchUploadFolder)
    {
        _db = db;
        PatchUploadFolder = patchUploadFolder;
        Server = TarsTestServer.Start();
        Serve();
    }

    public TarsTestServer Server { get; }

    /// <summary>tarspatch's upload folder (<c>&lt;folder&gt;/App/Server/&lt;tgz&gt;</c>); null when the fake has no tarspatch.</summary>
    public string? PatchUploadFolder { get; }

    public bool IsUp { get; private set; } = true;

    /// <summary>Every TaskReq addTaskReq received, decoded, in order.</summary>
    public IReadOnlyCollection<TaskReq> ReceivedTasks => _received;

    /// <summary>Requests it answered but that the dashboard must never send (e.g. a task command other than start/stop/restart/patch).</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public void AddNode(FakeTarsnode node) => _nodes[node.Name] = node;

    /// <summary>Closes its sockets (tasks already accepted keep running inside, as in a network cut).</summary>
    public async Task DownAsync()
    {
        IsUp = false;
        await Server.StopAsync();
    }

    public void Up()
    {
        Server.Restart();
        IsUp = true;
    }

    /// <summary>As after a restart of tarsAdminRegistry: the tasks it held in memory are gone.</summary>
    public void ForgetTasks() => _tasks.Clear();

    /// <summary>Waits until every accepted task has run to its end.</summary>
    public Task WhenTasksDoneAsync() => Task.WhenAll(_running.Keys);

    private void Serve()
    {
        Server.On(Servant, "addTaskReq", async call =>
        {
            var task = call.ReadArguments().ReadStruct<TaskReq>(1);
            _received.Enqueue(task);
            var ret = await AddTaskAsync(task);
            return TarsTestReply.Returning(result => result.WriteInt(0, ret));
        });
        Server.On(Servant, "getTaskRsp", async call =>
        {
            var taskNo = call.ReadArguments().ReadString(1, required: true);
            var (ret, rsp) = _tasks.TryGetValue(taskNo, out var inMemory) ? (0, inMemory.Snapshot())
                : await _db.ReadTaskAsync(taskNo) is { } stored ? (0, stored with { Status = FakeTaskList.StatusOf(stored.TaskItemRsp) })
                : (-1, new TaskRsp());
            return TarsTestReply.Returning(result =>
            {
                result.WriteInt(0, ret);
                result.WriteStruct(2, rsp);
            });
        });
        Server.On(Servant, "getServerState", async call => await ServerCallAsync(call, GetServerStateAsync));
        Server.On(Servant, "startServer", async call => await ServerCallAsync(call, (a, s, n) => Command(StartAsync(a, s, n, direct: true))));
        Server.On(Servant, "stopServer", async call => await ServerCallAsync(call, (a, s, n) => Command(StopAsync(a, s, n, direct: true))));
        Server.On(Servant, "restartServer", async call => await ServerCallAsync(call, (a, s, n) => Command(RestartAsync(a, s, n, direct: true))));
        Server.On(Servant, "loadServer", async call => await ServerCallAsync(call, (a, s, n) => Command(OnNodeAsync(n, direct: true,
            node => node.LoadServerAsync(a, s), (reason, _) => reason))));
        Server.On(Servant, "notifyServer", async call =>
        {
            var args = call.ReadArguments();
            var (application, serverName, nodeName) = ReadServer(args);
            var command = args.ReadString(4, required: true);
            var (ret, text) = await OnNodeAsync(nodeName, direct: true, node => node.NotifyServerAsync(application, serverName, command), (reason, _) => reason);
            return TarsTestReply.Returning(result =>
            {
                result.WriteInt(0, ret);
                result.WriteString(5, text);
            });
        });
        Server.On(Servant, "getLogFileList", async call => await ServerCallAsync(call, async (a, s, n) =>
        {
            if (n.Length == 0 || n == "remote")
            {
                return w => w.WriteInt(0, TarsErrCode.ParameterError); // no remote log server configured
            }

            IReadOnlyList<string> files = [];
            var (ret, _) = await OnNodeAsync(n, direct: true, node =>
            {
                (var code, files) = node.GetLogFileList(a, s);
                return Task.FromResult((code, ""));
            }, (reason, _) => reason);
            return w =>
            {
                w.WriteInt(0, ret);
                w.WriteStringList(4, files);
            };
        }));
        Server.On(Servant, "getLogData", async call =>
        {
            var args = call.ReadArguments();
            var (application, serverName, nodeName) = ReadServer(args);
            var logFile = args.ReadString(4, required: true);
            var cmd = args.ReadString(5, required: true);
            var (ret, data) = await OnNodeAsync(nodeName, direct: true,
                node => Task.FromResult(node.GetLogData(application, serverName, logFile, cmd)), (reason, _) => reason);
            return TarsTestReply.Returning(result =>
            {
                result.WriteInt(0, ret);
                result.WriteString(6, data);
            });
        });
        Server.Answer(Servant, "getAllNodeNames", (_, result) =>
        {
            result.WriteStringList(0, _db.ActiveNodeNamesAsync().GetAwaiter().GetResult());
            result.WriteString(1, "");
        });
        Server.On(Servant, "pingNode", async call =>
        {
            var name = call.ReadArguments().ReadString(1, required: true);
            var (ret, text) = await OnNodeAsync(name, direct: false, _ => Task.FromResult((0, "ping succ")),
                (reason, _) => $"pingNode '{name}' exception:{reason}");
            return TarsTestReply.Returning(result =>
            {
                result.WriteBool(0, ret == 0);
                result.WriteString(2, text);
            });
        });
        Server.Answer(Servant, "getVersion", (_, result) =>
        {
            result.WriteInt(0, 0);
            result.WriteString(1, Version);
        });
    }

    private async Task<int> AddTaskAsync(TaskReq task)
    {
        try
        {
            await _db.InsertTaskAsync(task);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException)
        {
            return -1; // DbProxy::addTaskReq's catch
        }

        if (task.TaskItemReq.Count == 0)
        {
            return 0; // ExecuteTask refuses an empty task, but addTaskReq answers 0 anyway
        }

        var list = new FakeTaskList(task, _db);
        _tasks[task.TaskNo] = list;
        var run = Task.Run(() => list.RunAsync(PrepareFilesAsync, (index, item) => ExecuteItemAsync(list, index, item)));
        _running[run] = 0;
        _ = run.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        return 0;
    }

    // TaskList::prepareFile: each publish's package looked up by patch_id, then staged once per App.Server by tarspatch.
    private async Task<bool> PrepareFilesAsync(FakeTaskList list)
    {
        var staged = new Dictionary<string, (string Application, string ServerName, string Tgz)>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var req = list.Request.TaskItemReq[i];
            if (!req.Command.Contains("patch", StringComparison.Ordinal))
            {
                continue;
            }

            await list.SetInfoAsync(i, start: true, EMTaskItemStatus.Prepare);
            var serverName = Parameter(req, TaskCommand.GroupNameParameter) is { Length: > 0 } group ? group : req.ServerName;
            var patchId = Parameter(req, TaskCommand.PatchIdParameter);
            if (await _db.GetPatchAsync(patchId) is not { } patch)
            {
                await list.SetLogAsync(i, "load patch info from database error, patchId:" + patchId);
                return false;
            }

            staged[$"{req.Application}.{serverName}"] = (req.Application, serverName, patch.Tgz);
        }

        foreach (var (application, serverName, tgz) in staged.Values)
        {
            var upload = Path.Combine(PatchUploadFolder ?? "/nonexistent", application, serverName, tgz);
            if (!File.Exists(upload))
            {
                list.SetTaskLog($"tarspatch preparePatchFile error:{upload} not exists!");
                return false;
            }
        }

        return true;
    }

    // TaskList::executeSingleTask.
    private async Task<(EMTaskItemStatus, string)> ExecuteItemAsync(FakeTaskList list, int index, TaskItemReq req)
    {
        (int Ret, string Log) outcome;
        switch (req.Command)
        {
            case TaskCommand.Start:
                outcome = await StartAsync(req.Application, req.ServerName, req.NodeName, direct: false);
                break;
            case TaskCommand.Stop:
                outcome = await StopAsync(req.Application, req.ServerName, req.NodeName, direct: false);
                break;
            case TaskCommand.Restart:
                outcome = await RestartAsync(req.Application, req.ServerName, req.NodeName, direct: false);
                break;
            case TaskCommand.Patch:
                outcome = await PatchAsync(list, index, req);
                if (outcome.Ret == 0 && Parameter(req, TaskCommand.BakFlagParameter) != "1")
                {
                    outcome = await RestartAsync(req.Application, req.ServerName, req.NodeName, direct: false);
                }

                break;
            default:
                // The dashboard sends no other command; the real one answers these two ways as well.
                _unexpected.Enqueue($"addTaskReq item command '{req.Command}'");
                outcome = (-1, "command not support!");
                break;
        }

        return (outcome.Ret == 0 ? EMTaskItemStatus.Success : EMTaskItemStatus.Failed, outcome.Log);
    }

    // TaskList::patch: batchPatch_inner to the node, then getPatchPercent once a second until 100 %.
    private async Task<(int, string)> PatchAsync(FakeTaskList list, int index, TaskItemReq req)
    {
        var patchId = Parameter(req, TaskCommand.PatchIdParameter);
        var serverName = Parameter(req, TaskCommand.GroupNameParameter) is { Length: > 0 } group ? group : req.ServerName;
        var patch = await _db.GetPatchAsync(patchId);
        var staged = Path.Combine(PatchUploadFolder ?? "/nonexistent", req.Application, serverName, patch?.Tgz ?? "");
        var request = new PatchRequest
        {
            AppName = req.Application, ServerName = req.ServerName, NodeName = req.NodeName, Version = patchId, User = req.UserName,
            GroupName = Parameter(req, TaskCommand.GroupNameParameter), Md5 = patch?.Md5 ?? "", ServerType = "tars_cpp",
            PatchObj = "tars.tarspatch.PatchObj",
        };
        var (ret, log) = await OnNodeAsync(req.NodeName, direct: false, node => node.PatchProAsync(request, staged),
            (reason, exception) => $"{reason}");
        if (ret != 0)
        {
            return (ret, $"tarsAdminRegistry batchPatch error, ret:{ret}, info:{log}");
        }

        while (true)
        {
            var (percentRet, info) = _nodes.TryGetValue(req.NodeName, out var node) ? node.GetPatchPercent(req.Application, req.ServerName) : (-1, new PatchInfo());
            list.SetPercent(index, info.Percent);
            if (percentRet != 0)
            {
                return (-1, info.Result);
            }

            if (info is { Percent: 100, Succeeded: true })
            {
                await _db.MarkPatchPublishedAsync(patchId, req.UserName);
                return (0, log);
            }

            await Task.Delay(TimeSpan.FromSeconds(1)); // kept: the fake polls its patch progress as tarsAdminRegistry does
        }
    }

    // startServer_inner (and startServer): setting_state first, then the node.
    private async Task<(int, string)> StartAsync(string application, string serverName, string nodeName, bool direct)
    {
        await _db.SetSettingStateAsync(application, serverName, nodeName, "active");
        return await OnNodeAsync(nodeName, direct, node => node.StartServerAsync(application, serverName),
            (reason, exception) => $"startServer_inner '{application}.{serverName}_{nodeName}' {exception}:{reason}");
    }

    private async Task<(int, string)> StopAsync(string application, string serverName, string nodeName, bool direct)
    {
        if (application == "tars" && serverName == "tarsAdminRegistry")
        {
            return (TarsErrCode.CanNotExecute, $"can not stop {application}.{serverName}");
        }

        await _db.SetSettingStateAsync(application, serverName, nodeName, "inactive");
        return await OnNodeAsync(nodeName, direct, node => node.StopServerAsync(application, serverName),
            (reason, exception) => $"stopServer_inner '{application}.{serverName}_{nodeName}' {exception}:{reason}");
    }

    // restartServer_inner: stop (a failure there, of any kind, is EM_TARS_UNKNOWN_ERR), then setting_state, flow, start.
    private async Task<(int, string)> RestartAsync(string application, string serverName, string nodeName, bool direct)
    {
        var (ret, result) = await OnNodeAsync(nodeName, direct, node => node.StopServerAsync(application, serverName),
            (reason, _) => $"restartServer_inner '{application}.{serverName}_{nodeName}' exception:{reason}");
        if (ret == TarsErrCode.NodeNotRegistered)
        {
            ret = TarsErrCode.Unknown;
        }

        if (ret != 0)
        {
            return (ret, result);
        }

        await _db.SetSettingStateAsync(application, serverName, nodeName, "active");
        await _db.SetFlowActiveAsync(application, serverName, nodeName);
        return await OnNodeAsync(nodeName, direct, node => node.StartServerAsync(application, serverName),
            (reason, exception) => $"restartServer_inner '{application}.{serverName}_{nodeName}' {exception}:{reason}");
    }

    private async Task<Action<TarsWriter>> GetServerStateAsync(string application, string serverName, string nodeName)
    {
        var row = await _db.GetServerAsync(application, serverName, nodeName);
        if (row is null)
        {
            return w =>
            {
                w.WriteInt(0, TarsErrCode.LoadServiceDescError);
                w.WriteStruct(4, new ServerStateDesc());
                w.WriteString(5, $" '{application}.{serverName}_{nodeName}' no config");
            };
        }

        var state = new ServerStateDesc
        {
            SettingStateInReg = row.SettingState, PresentStateInReg = row.PresentState, PatchVersion = row.PatchVersion,
            PatchTime = row.PatchTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), PatchUser = row.PatchUser,
        };
        var text = "";
        var (ret, _) = await OnNodeAsync(nodeName, direct: false, async node =>
        {
            var (code, info, result) = await node.GetStateInfoAsync(application, serverName);
            state = state with { ProcessId = info.ProcessId, PresentStateInNode = info.ServerState.ToString() };
            text = result;
            return (code, result);
        }, (reason, exception) => text = $"AdminRegistryImp::getServerState '{application}.{serverName}_{nodeName}' {exception}:{reason}");
        return w =>
        {
            w.WriteInt(0, ret);
            w.WriteStruct(4, state);
            w.WriteString(5, text);
        };
    }

    /// <summary>
    /// NodeManager::requestNode: the push connection if the node holds one, else DbProxy::getNodePrx, which throws
    /// "not registered" when its t_node_info row is not active. <paramref name="direct"/> is a call from a client
    /// (codes only); otherwise a task item, where the exception's text becomes the item's log.
    /// </summary>
    private async Task<(int Ret, string Result)> OnNodeAsync(string nodeName, bool direct, Func<FakeTarsnode, Task<(int, string)>> call,
        Func<string, string, string> describeFailure)
    {
        if (_nodes.TryGetValue(nodeName, out var node) && node.IsConnected)
        {
            try
            {
                return await call(node).WaitAsync(NodeCallTimeout);
            }
            catch (TimeoutException)
            {
                return (TarsErrCode.CallNodeTimeout, direct ? "" : describeFailure("call node timeout", "TarsSyncCallTimeoutException"));
            }
        }

        if (!await _db.IsNodeActiveAsync(nodeName))
        {
            var reason = $"node '{nodeName}' not registered  or heartbeart timeout,please check for it";
            return (TarsErrCode.NodeNotRegistered, direct ? "" : describeFailure(reason, "TarsNodeNotRegistryException"));
        }

        return (TarsErrCode.NodeNoConnection, direct ? "" : describeFailure($"no connection to the tarsnode of {nodeName}", "TarsException"));
    }

    private static async Task<TarsTestReply> ServerCallAsync(TarsTestCall call, Func<string, string, string, Task<Action<TarsWriter>>> handle)
    {
        var (application, serverName, nodeName) = ReadServer(call.ReadArguments());
        var write = await handle(application, serverName, nodeName);
        return TarsTestReply.Returning(write);
    }

    private static async Task<Action<TarsWriter>> Command(Task<(int Ret, string Result)> command)
    {
        var (ret, result) = await command;
        return w =>
        {
            w.WriteInt(0, ret);
            w.WriteString(4, result);
        };
    }

    private static (string Application, string ServerName, string NodeName) ReadServer(TarsReader args) =>
        (args.ReadString(1, required: true), args.ReadString(2, required: true), args.ReadString(3, required: true));

    private static string Parameter(TaskItemReq req, string name) => req.Parameters.TryGetValue(name, out var value) ? value : "";
}
