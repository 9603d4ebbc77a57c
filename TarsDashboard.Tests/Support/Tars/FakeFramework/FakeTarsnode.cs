using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Node;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// The node side of the fake framework: what tarsnode does when tarsAdminRegistry asks it (FW NodeServer
/// ServerManager, CommandStart, CommandStop). A container-mode start runs against a real Docker engine as tarsnode's
/// TC_Docker does: the unlabelled <c>App.Server</c> container, AutoRemove, host network, bind mounts of the service
/// and log folders (rewritten under <see cref="HostPath"/> as with <c>TARS_HOSTPATH</c>), entrypoint
/// <c>&lt;serverDir&gt;/bin/tars_start.sh</c> written by the node itself. States go to <c>t_server_conf</c> as
/// tarsregistry writes tarsnode's reports. It serves <c>tars.tarsnode.NodeObj</c> (log files, state) on its own port.
/// <para>
/// Simplifications, each said where it is made: no keep-alive thread (a test calls <see cref="KeepAliveAsync"/> for each
/// tick; no auto-restart, no zombie detection), a native service is not run (its pid is made up), the old container
/// is force-removed rather than stopped with t=10000, stop skips AdminObj.shutdown and goes straight to
/// <c>docker stop t=3</c>, the config file is not generated.
/// </para>
/// <para>
/// It never runs a shell: <c>getLogData</c> accepts only the dashboard's fixed <c>TarsLogCommand</c> forms (what the dashboard
/// sends) and carries it out itself; any other command is refused and recorded in <see cref="Unexpected"/>.
/// </para>
/// </summary>
public sealed partial class FakeTarsnode : IAsyncDisposable
{
    private static int _nextNativePid = 20000;
    private readonly ConcurrentDictionary<string, FakeServer> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly FakeDbTars _db;
    private readonly DockerClient? _engine;
    private Task _hold = Task.CompletedTask;

    private FakeTarsnode(string name, FakeDbTars db, DockerClient? engine, string hostPath, TarsTestServer nodeObj)
    {
        Name = name;
        _db = db;
        _engine = engine;
        HostPath = hostPath;
        NodeObj = nodeObj;
    }

    public const string Servant = NodeClient.Servant;

    public string Name { get; }

    /// <summary>The host folder standing for the node's <c>TARS_HOSTPATH</c>: <c>tarsnode-data/App.Server</c> and <c>app_log</c> in it.</summary>
    public string HostPath { get; }

    /// <summary>The node's own <c>NodeObj</c> server (its <c>t_node_info.node_obj</c>).</summary>
    public TarsTestServer NodeObj { get; }

    /// <summary>Whether tarsAdminRegistry holds this node's push connection (tarsnode's reportNode every 10 s).</summary>
    public bool IsConnected { get; set; } = true;

    /// <summary>tarsnode asks for a privileged container; the test sandbox cannot grant it, so it is off by default.</summary>
    public bool Privileged { get; set; }

    /// <summary>Commands received, in order: <c>startServer Test.Hello</c>, <c>getLogData Test.Hello Test.Hello.log tail -n 5 …</c>.</summary>
    public IReadOnlyCollection<string> Received => _received;

    /// <summary>Requests the node refused because the dashboard must never send them.</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    /// <summary>tarsnode's LogPath on the host (<c>$TARS_HOSTPATH/app_log</c>).</summary>
    public string LogPath => Path.Combine(HostPath, "app_log");

    /// <summary>tarsnode's own log: <c>&lt;LogPath&gt;/tars/tarsnode/tars.tarsnode.log</c>.</summary>
    public string NodeLogFile => Path.Combine(LogPath, "tars", "tarsnode", "tars.tarsnode.log");

    public string ServiceDataDir(string application, string serverName) =>
        Path.Combine(HostPath, "tarsnode-data", $"{application}.{serverName}");

    public string ServiceLogDir(string application, string serverName) => Path.Combine(LogPath, application, serverName);

    /// <summary>The container this node made for the service, while it runs.</summary>
    public string? ContainerIdOf(string application, string serverName) =>
        _servers.TryGetValue($"{application}.{serverName}", out var server) ? server.ContainerId : null;

    /// <summary>Starts the NodeObj server and registers the node in <c>t_node_info</c> (active, fresh heartbeat).</summary>
    public static async Task<FakeTarsnode> StartAsync(string name, FakeDbTars db, string? engineEndpoint, string hostPath)
    {
        var node = new FakeTarsnode(name, db, engineEndpoint is null ? null : DockerClientPool.Create(engineEndpoint, ""), hostPath,
            TarsTestServer.Start());
        node.ServeNodeObj();
        Directory.CreateDirectory(Path.GetDirectoryName(node.NodeLogFile)!);
        await node.RegisterAsync();
        return node;
    }

    /// <summary>tarsnode's registerNode at start (and again after a restart).</summary>
    public Task RegisterAsync() =>
        _db.RegisterNodeAsync(Name, $"{Servant}@tcp -h 127.0.0.1 -p {NodeObj.Port} -t 60000", NodeObj.Port, HostPath);

    /// <summary>As if the node had stopped heartbeating for longer than tarsregistry allows (250 s).</summary>
    public Task ExpireAsync()
    {
        IsConnected = false;
        return _db.ExpireNodeAsync(Name);
    }

    /// <summary>
    /// One keep-alive tick (KeepAliveThread, every 10 s): the heartbeat through the registry, then the batch report of
    /// every settled server's state and pid, which tarsregistry writes only where it differs from what it holds (its
    /// cache reloads from db_tars, so: what db_tars holds). Nothing when the node is cut off (<see cref="IsConnected"/>).
    /// </summary>
    public async Task KeepAliveAsync()
    {
        if (!IsConnected)
        {
            return;
        }

        await _db.HeartbeatAsync(Name);
        foreach (var (serviceId, server) in _servers)
        {
            var present = server.State switch
            {
                ServerState.Active => PresentStates.Active,
                ServerState.Inactive => PresentStates.Inactive,
                _ => null, // a command is under way and reports itself
            };
            var dot = serviceId.IndexOf('.', StringComparison.Ordinal);
            if (present is null || await _db.GetServerAsync(serviceId[..dot], serviceId[(dot + 1)..], Name) is not { } row
                || (row.PresentState == present && row.ProcessId == server.Pid))
            {
                continue;
            }

            await _db.ReportServerAsync(row.Application, row.ServerName, Name, present, server.Pid);
        }
    }

    /// <summary>Commands wait for <paramref name="release"/> before doing anything (a slow tarsnode).</summary>
    public void HoldCommandsUntil(Task release) => _hold = release;

    /// <summary>Waits for the containers started in the background to be up (or to have failed).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_background.Keys);

    public async Task<(int Ret, string Result)> StartServerAsync(string application, string serverName)
    {
        Record($"startServer {application}.{serverName}");
        await _hold;
        var row = await _db.GetServerAsync(application, serverName, Name);
        if (row is null)
        {
            return (TarsErrCode.LoadServiceDescError, "error::cannot load server description from registry.\n");
        }

        var server = ServerOf(application, serverName);
        string found;
        lock (server)
        {
            if (server.State is ServerState.Active or ServerState.Activating)
            {
                return (0, $"server is activating, please check: server is already {server.State}");
            }

            if (server.State != ServerState.Inactive)
            {
                return (-1, $"error:server state is not Inactive. the curent state is {server.State}");
            }

            var exe = FindExecutable(row);
            if (exe is null)
            {
                var missing = $"{ServiceFolders.ServerDir(application, serverName)}/bin/{serverName}";
                NodeLog(row.ServiceId, $"server start error: {missing} is not exist.");
                return (-1, $"error:server start error: {missing} is not exist.");
            }

            found = $"find server exe: {ServiceFolders.ServerDir(application, serverName)}/bin/{exe}";
            server.State = ServerState.Activating;
        }

        // tarsnode tells the registry only once the pid is known; the real one is seen as activating meanwhile.
        await _db.ReportServerAsync(application, serverName, Name, PresentStates.Activating, 0);
        if (RunTypes.IsContainer(row.RunType))
        {
            // CommandStart::execute answers at once and pulls and starts the container on another thread.
            Background(StartContainerAsync(server, row));
        }
        else
        {
            // Simplified: a native service is not run here; tarsnode would fork <exe> --config=… and report its pid.
            server.Pid = Interlocked.Increment(ref _nextNativePid);
            server.State = ServerState.Active;
            await _db.ReportServerAsync(application, serverName, Name, PresentStates.Active, server.Pid);
        }

        return (0, "server is activating, please check: " + found);
    }

    public async Task<(int Ret, string Result)> StopServerAsync(string application, string serverName)
    {
        Record($"stopServer {application}.{serverName}");
        await _hold;
        var row = await _db.GetServerAsync(application, serverName, Name);
        if (row is null)
        {
            return (TarsErrCode.LoadServiceDescError, "server is  not exist");
        }

        var server = ServerOf(application, serverName);
        lock (server)
        {
            if (server.State == ServerState.Inactive)
            {
                return (0, "succ:server state is Inactive. ");
            }

            server.State = ServerState.Deactivating;
        }

        await _db.ReportServerAsync(application, serverName, Name, PresentStates.Deactivating, server.Pid);
        if (server.ContainerId is { } id && _engine is not null)
        {
            // Simplified: no AdminObj.shutdown first; the container goes with docker stop t=3 and removes itself.
            try
            {
                await _engine.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = 3 });
            }
            catch (DockerContainerNotFoundException)
            {
            }

            // CommandStop waits until checkPid no longer finds it (AutoRemove takes it away).
            await WaitGoneAsync(id);
        }

        server.ContainerId = null;
        server.Pid = 0;
        server.State = ServerState.Inactive;
        await _db.ReportServerAsync(application, serverName, Name, PresentStates.Inactive, 0);
        return (0, "succ:");
    }

    public async Task<(int Ret, ServerStateInfo Info, string Result)> GetStateInfoAsync(string application, string serverName)
    {
        Record($"getStateInfo {application}.{serverName}");
        await _hold;
        var result = $"getStateInfo [{application}.{serverName}] ";
        if (await _db.GetServerAsync(application, serverName, Name) is null)
        {
            return (TarsErrCode.Unknown, new ServerStateInfo { ServerState = ServerState.Inactive, ProcessId = -1 }, result + "server not exist");
        }

        var server = ServerOf(application, serverName);
        return (0, new ServerStateInfo
        {
            Application = application, ServerName = serverName, ServerState = server.State, ProcessId = server.Pid,
            SettingState = server.State == ServerState.Inactive ? ServerState.Inactive : ServerState.Active,
        }, result + "succ");
    }

    public async Task<(int Ret, string Result)> LoadServerAsync(string application, string serverName)
    {
        Record($"loadServer {application}.{serverName}");
        await _hold;
        return await _db.GetServerAsync(application, serverName, Name) is null
            ? (TarsErrCode.LoadServiceDescError, "error::cannot load server description from registry.")
            : (0, "");
    }

    /// <summary>CommandNotify: the text reaches the service's AdminObj; the fake service answers with what it got.</summary>
    public async Task<(int Ret, string Result)> NotifyServerAsync(string application, string serverName, string command)
    {
        Record($"notifyServer {application}.{serverName} {command}");
        await _hold;
        if (await _db.GetServerAsync(application, serverName, Name) is null)
        {
            return (-1, "server is not exist");
        }

        var server = ServerOf(application, serverName);
        server.Notifications.Enqueue(command);
        return server.State == ServerState.Active ? (0, $"succ:[notify] {command}") : (-1, "error:server is not active");
    }

    /// <summary>patchPro: the staged package unpacked into <c>&lt;serverDir&gt;/bin/</c> as CommandPatch does (single top folders descended).</summary>
    public async Task<(int Ret, string Result)> PatchProAsync(PatchRequest request, string stagedPackage)
    {
        Record($"patchPro {request.AppName}.{request.ServerName} {request.Version}");
        await _hold;
        var server = ServerOf(request.AppName, request.ServerName);
        server.Patch = new PatchInfo { Patching = true, Percent = 0, Version = request.Version, ModifyTime = Now() };
        try
        {
            var unpacked = Directory.CreateTempSubdirectory("fake-tarsnode-patch-").FullName;
            await using (var file = File.OpenRead(stagedPackage))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, unpacked, overwriteFiles: true);
            }

            var top = unpacked;
            while (Directory.GetFiles(top).Length == 0 && Directory.GetDirectories(top) is [var only])
            {
                top = only;
            }

            var bin = Path.Combine(ServiceDataDir(request.AppName, request.ServerName), "bin");
            CopyInto(top, bin);
            Directory.Delete(unpacked, recursive: true);
            await _db.SetPatchInfoAsync(request.AppName, request.ServerName, Name, request.Version, request.User);
            server.Patch = server.Patch with { Patching = false, Percent = 100, Succeeded = true, Result = "patch succ", ModifyTime = Now() };
            return (0, "");
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            server.Patch = server.Patch with { Patching = false, Succeeded = false, Result = "patch error: " + exception.Message, ModifyTime = Now() };
            return (TarsErrCode.Unknown, server.Patch.Result);
        }
    }

    public (int Ret, PatchInfo Info) GetPatchPercent(string application, string serverName)
    {
        Record($"getPatchPercent {application}.{serverName}");
        return (0, ServerOf(application, serverName).Patch);
    }

    /// <summary>ServerManager::getLogFileList: the names in <c>&lt;LogPath&gt;/App/Server/</c> of at least 5 characters containing ".log".</summary>
    public (int Ret, IReadOnlyList<string> Files) GetLogFileList(string application, string serverName)
    {
        Record($"getLogFileList {application}.{serverName}");
        var folder = ServiceLogDir(application, serverName);
        if (!IsName(application) || !IsName(serverName))
        {
            Refuse($"getLogFileList for a path-like name {application}/{serverName}");
            return (0, []);
        }

        return (0, !Directory.Exists(folder) ? []
            : [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
                .Where(n => n.Length >= 5 && n.Contains(".log", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>ServerManager::getLogData, carried out without a shell and only for the dashboard's fixed forms.</summary>
    public (int Ret, string FileData) GetLogData(string application, string serverName, string logFile, string cmd)
    {
        Record($"getLogData {application}.{serverName} {logFile} {cmd}");
        if (!IsName(application) || !IsName(serverName) || logFile.Contains('/') || logFile.Contains("..", StringComparison.Ordinal))
        {
            Refuse($"getLogData for a path-like file {application}/{serverName}/{logFile}");
            return (-1, "");
        }

        var path = Path.Combine(ServiceLogDir(application, serverName), logFile);
        if (!File.Exists(path))
        {
            return (-1, ""); // "The log file: … is not exist"
        }

        byte[] content;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var bytes = new MemoryStream())
        {
            file.CopyTo(bytes);
            content = bytes.ToArray();
        }

        try
        {
            var result = FakeTarsLogFile.Interpret(content, cmd);
            return (result.Ret, result.FileData);
        }
        catch (InvalidOperationException)
        {
            Refuse($"getLogData command outside the fixed forms: {cmd}");
            return (-1, "");
        }
    }

    /// <summary>Appends a line to a service's log file under the node's LogPath (what the service itself would write).</summary>
    public async Task WriteServiceLogAsync(string application, string serverName, string file, params string[] lines)
    {
        Directory.CreateDirectory(ServiceLogDir(application, serverName));
        await File.AppendAllLinesAsync(Path.Combine(ServiceLogDir(application, serverName), file), lines);
    }

    public async ValueTask DisposeAsync()
    {
        await NodeObj.DisposeAsync();
        try
        {
            await WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is TimeoutException or DockerApiException)
        {
        }

        if (_engine is not null)
        {
            foreach (var id in _servers.Values.Select(s => s.ContainerId).OfType<string>())
            {
                try
                {
                    await _engine.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
                }
                catch (DockerApiException)
                {
                }
            }

            _engine.Dispose();
        }
    }

    private void ServeNodeObj()
    {
        NodeObj.Answer(Servant, "getLogFileList", (args, result) =>
        {
            var (ret, files) = GetLogFileList(args.ReadString(1, required: true), args.ReadString(2, required: true));
            result.WriteInt(0, ret);
            result.WriteStringList(3, files);
        });
        NodeObj.Answer(Servant, "getLogData", (args, result) =>
        {
            var application = args.ReadString(1, required: true);
            var serverName = args.ReadString(2, required: true);
            var logFile = args.ReadString(3, required: true);
            var (ret, data) = GetLogData(application, serverName, logFile, args.ReadString(4, required: true));
            result.WriteInt(0, ret);
            result.WriteString(5, data);
        });
        NodeObj.On(Servant, "getStateInfo", async call =>
        {
            var args = call.ReadArguments();
            var (ret, info, text) = await GetStateInfoAsync(args.ReadString(1, required: true), args.ReadString(2, required: true));
            return TarsTestReply.Returning(result =>
            {
                result.WriteInt(0, ret);
                result.WriteStruct(3, info);
                result.WriteString(4, text);
            });
        });
    }

    private async Task StartContainerAsync(FakeServer server, ServerConfRow row)
    {
        var serverDir = ServiceFolders.ServerDir(row.Application, row.ServerName);
        try
        {
            if (_engine is null)
            {
                throw new InvalidOperationException("this fake node has no Docker engine");
            }

            var image = await _db.Database.ExecuteScalarAsync<string>("SELECT image FROM t_base_image WHERE id = @id", new { id = row.BaseImageId ?? 0 })
                        ?? throw new InvalidOperationException($"no t_base_image row {row.BaseImageId}");
            WriteStartScript(row);
            var dataDir = ServiceDataDir(row.Application, row.ServerName);
            Directory.CreateDirectory(LogPath);
            // Simplified: tarsnode stops the old container with t=10000 (about 60 s) before removing it.
            try
            {
                await _engine.Containers.RemoveContainerAsync(row.ServiceId, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerApiException exception) when (exception.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
            {
                // None, or one already being auto-removed.
            }

            await WaitGoneAsync(row.ServiceId);

            var created = await _engine.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = row.ServiceId,
                Image = image,
                Entrypoint = [$"{serverDir}/bin/tars_start.sh"],
                HostConfig = new HostConfig
                {
                    NetworkMode = "host",
                    AutoRemove = true,
                    Privileged = Privileged,
                    Mounts =
                    [
                        new Mount { Type = "bind", Source = dataDir, Target = serverDir },
                        new Mount { Type = "bind", Source = LogPath, Target = ServiceFolders.LogDir },
                        new Mount { Type = "bind", Source = "/etc/localtime", Target = "/etc/localtime" },
                    ],
                },
            });
            await _engine.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var inspected = await _engine.Containers.InspectContainerAsync(created.ID);
            server.ContainerId = created.ID;
            server.Pid = (int)(inspected.State?.Pid ?? 0);
            server.State = ServerState.Active;
            NodeLog(row.ServiceId, $"docker run --rm --name {row.ServiceId} {image}: pid {server.Pid}");
            await _db.ReportServerAsync(row.Application, row.ServerName, Name, PresentStates.Active, server.Pid);
        }
        catch (Exception exception) when (exception is DockerApiException or InvalidOperationException or IOException or HttpRequestException)
        {
            NodeLog(row.ServiceId, $"start container failed: {exception.Message}");
            server.State = ServerState.Inactive;
            server.Pid = 0;
            await _db.ReportServerAsync(row.Application, row.ServerName, Name, PresentStates.Inactive, 0);
        }
    }

    private async Task WaitGoneAsync(string container)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                await _engine!.Containers.InspectContainerAsync(container);
            }
            catch (DockerContainerNotFoundException)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    // prepareScript for a tars_cpp server in a container: exports, the trap, and the program in the foreground.
    private void WriteStartScript(ServerConfRow row)
    {
        var serverDir = ServiceFolders.ServerDir(row.Application, row.ServerName);
        var script = string.Join("\n",
            "#!/bin/sh",
            $"export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:{serverDir}/bin/:{serverDir}/lib/",
            "trap 'exit' SIGTERM SIGINT",
            $"{serverDir}/bin/{row.ServerName} --config={serverDir}/conf/{row.ServiceId}.config.conf",
            "");
        var path = Path.Combine(ServiceDataDir(row.Application, row.ServerName), "bin", "tars_start.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    // CommandStart::canExecute for tars_cpp: bin/<Server>, or else the first file in bin/ whose name holds "Server".
    private string? FindExecutable(ServerConfRow row)
    {
        var bin = Path.Combine(ServiceDataDir(row.Application, row.ServerName), "bin");
        if (File.Exists(Path.Combine(bin, row.ServerName)))
        {
            return row.ServerName;
        }

        return Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin).Select(Path.GetFileName).FirstOrDefault(n => n is not null && n.Contains("Server", StringComparison.Ordinal))
            : null;
    }

    private static void CopyInto(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyInto(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private FakeServer ServerOf(string application, string serverName) =>
        _servers.GetOrAdd($"{application}.{serverName}", _ => new FakeServer());

    private void Background(Task task)
    {
        _background[task] = 0;
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    private void Record(string command) => _received.Enqueue(command);

    private void Refuse(string what) => _unexpected.Enqueue($"{Name}: {what}");

    // NODE_LOG: the node's own log and the per-service log beside it.
    private void NodeLog(string serviceId, string text)
    {
        var line = $"{DateTime.Now:yyyy-MM-dd HH:mm:ss}|{serviceId}|{text}\n";
        var folder = Path.GetDirectoryName(NodeLogFile)!;
        Directory.CreateDirectory(folder);
        lock (_received)
        {
            File.AppendAllText(NodeLogFile, line);
            File.AppendAllText(Path.Combine(folder, $"tars.tarsnode.{serviceId}.log"), line);
        }
    }

    private static bool IsName(string text) => text.Length > 0 && text.All(char.IsAsciiLetterOrDigit);

    private static int Now() => (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds();


    private sealed class FakeServer
    {
        public ServerState State { get; set; } = ServerState.Inactive;

        public int Pid { get; set; }

        public string? ContainerId { get; set; }

        public PatchInfo Patch { get; set; } = new();

        public ConcurrentQueue<string> Notifications { get; } = new();
    }
}
