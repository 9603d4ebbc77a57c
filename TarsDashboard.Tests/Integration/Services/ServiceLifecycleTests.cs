using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>Start, stop and restart of container-mode services on the real test engines, as Tars tasks.</summary>
[Collection("infra")]
public sealed class ServiceLifecycleTests(InfraFixture infra) : IAsyncLifetime
{
    private const string Locator = "tars.tarsregistry.QueryObj@tcp -h 10.9.9.9 -p 17890";
    private static readonly Caller Admin = new("admin");
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-life-");
    private readonly string _server = "Life" + Guid.NewGuid().ToString("N")[..8];
    private CoreHost _host = null!;

    /// <summary>
    /// Each test "node" is an engine on this one machine: giving each its own TARS_HOSTPATH keeps them from sharing a
    /// service folder, as separate machines would not.
    /// </summary>
    private string HostPathOf(string node) => Directory.CreateDirectory(Path.Combine(_hostPath.FullName, node)).FullName;

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Lifecycle:Privileged"] = "false",
            ["Framework:Locator"] = Locator,
        });
        foreach (var engine in infra.Nodes)
        {
            await _host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = engine.Name, Endpoint = engine.Endpoint, TarsHostpath = HostPathOf(engine.Name),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var engine in infra.Nodes.Where(n => n.IsRunning))
        {
            using var client = DockerClientPool.Create(engine.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync($"Test.{_server}", new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        await _host.DisposeAsync();
        try
        {
            _hostPath.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Start_creates_the_container_as_tarsnode_with_host_ipc_and_writes_the_config_then_stop_and_restart_follow()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();

        var task = await lifecycle.StartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        Assert.StartsWith(TaskNumbers.Prefix, task.TaskNo);
        Assert.Equal("start", item.Command);
        Assert.Contains("config written", item.Log);
        Assert.Contains("started pid", item.Log);
        Assert.NotNull(item.StartTime);
        Assert.NotNull(item.EndTime);

        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var container = await client.Containers.InspectContainerAsync($"Test.{_server}");
        var serverDir = ServiceFolders.ServerDir("Test", _server);
        Assert.True(container.State!.Running);
        Assert.Equal("host", container.HostConfig!.NetworkMode);
        Assert.Equal("host", container.HostConfig!.IpcMode);
        Assert.False(container.HostConfig!.AutoRemove);
        Assert.Equal([$"{serverDir}/bin/tars_start.sh"], container.Config!.Entrypoint);
        Assert.Contains($"{HostPathOf("node1")}/tarsnode-data/Test.{_server}:{serverDir}", container.HostConfig!.Binds);
        Assert.Contains($"{HostPathOf("node1")}/app_log:{ServiceFolders.LogDir}", container.HostConfig!.Binds);
        Assert.Contains("/etc/localtime:/etc/localtime:ro", container.HostConfig!.Binds);

        // The config went through the bind mount into the node's service folder.
        var config = await File.ReadAllTextAsync(Path.Combine(HostFolder("node1"), "conf", $"Test.{_server}.config.conf"));
        Assert.Contains($"<Test.{_server}.MainObjAdapter>", config);
        Assert.Contains("endpoint=tcp -h 0.0.0.0 -t 60000 -p 23456 -e 0", config);
        Assert.Contains($"servant=Test.{_server}.MainObj", config);
        Assert.DoesNotContain("${app}", config);
        Assert.DoesNotContain("${server}", config);

        var row = (await _host.Get<ServerConfRepository>().GetAsync(id))!;
        Assert.Equal((PresentStates.Active, (int)container.State!.Pid), (row.PresentState, row.ProcessId));
        Assert.True(row.ProcessId > 0);
        // The program ran inside and wrote its log under the bound log folder.
        await WaitForAsync(() => File.Exists(Path.Combine(HostPathOf("node1"), "app_log", "Test", _server, $"Test.{_server}.log")));

        var restart = await lifecycle.RestartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(restart.TaskNo);
        var restarted = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(restart.TaskNo));
        Assert.True(restarted.Status == (int)TaskItemStatus.Success, restarted.Log);
        var again = await client.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.NotEqual(container.ID, again.ID);
        Assert.True(again.State!.Running);

        var stop = await lifecycle.StopAsync(Admin, [id]);
        await lifecycle.WaitAsync(stop.TaskNo);
        var stopped = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(stop.TaskNo));
        Assert.True(stopped.Status == (int)TaskItemStatus.Success, stopped.Log);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync($"Test.{_server}"));
        row = (await _host.Get<ServerConfRepository>().GetAsync(id))!;
        Assert.Equal((PresentStates.Inactive, 0), (row.PresentState, row.ProcessId));
    }

    [Fact]
    public async Task A_batch_over_two_nodes_starts_one_instance_on_each()
    {
        var first = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var second = await SeedServiceAsync("node2", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();

        var task = await lifecycle.StartAsync(Admin, [first, second], serial: false, package: TestPackage);
        await lifecycle.WaitAsync(task.TaskNo);

        var items = await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo);
        Assert.Equal(["node1", "node2"], items.Select(i => i.NodeName).Order());
        Assert.All(items, i => Assert.True(i.Status == (int)TaskItemStatus.Success, i.Log));
        foreach (var engine in infra.Nodes)
        {
            using var client = DockerClientPool.Create(engine.Endpoint, "");
            Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);
        }

        var stop = await lifecycle.StopAsync(Admin, [first, second], serial: true);
        await lifecycle.WaitAsync(stop.TaskNo);
        Assert.All(await _host.Get<TaskRepository>().ListItemsAsync(stop.TaskNo), i => Assert.True(i.Status == (int)TaskItemStatus.Success, i.Log));
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_fails_the_start_with_the_reason_and_leaves_the_running_container()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();
        var started = await lifecycle.StartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(started.TaskNo);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var before = await client.Containers.InspectContainerAsync($"Test.{_server}");
        var missing = new BaseImageRow { Image = $"{infra.Registry.Host}/nothing-{_server.ToLowerInvariant()}/busybox:1", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await _host.Get<BaseImageRepository>().InsertAsync(missing);
        await _host.Get<Core.Data.TarsDatabase>().ExecuteAsync("UPDATE t_server_conf SET base_image_id = @image WHERE id = @id", new { image = missing.Id, id });

        var task = await lifecycle.RestartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.Equal((int)TaskItemStatus.Failed, item.Status);
        Assert.Contains("could not be pulled", item.Log);
        Assert.Contains("failed:", item.Log);
        var after = await client.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.Equal(before.ID, after.ID);
        Assert.True(after.State!.Running);
    }

    [Fact]
    public async Task A_native_service_is_refused_with_the_reason()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage, runType: RunTypes.Native);

        var refused = await Assert.ThrowsAsync<Core.Validation.ValidationFailedException>(() => _host.Get<ServiceLifecycle>().StartAsync(Admin, [id]));

        Assert.Contains("tarsnode", refused.Message);
    }

    [Fact]
    public async Task Switching_a_native_service_to_container_mode_lets_it_start_in_a_container()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage, runType: RunTypes.Native);
        var lifecycle = _host.Get<ServiceLifecycle>();
        await Assert.ThrowsAsync<Core.Validation.ValidationFailedException>(() => lifecycle.StartAsync(Admin, [id]));
        var catalog = _host.Get<ServiceCatalog>();
        var original = (await catalog.GetAsync(Admin, id))!;
        var edited = (await catalog.GetAsync(Admin, id))!;
        edited.RunType = RunTypes.Container;

        await catalog.UpdateAsync(Admin, original, edited);
        var task = await lifecycle.StartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);
        await lifecycle.WaitAsync((await lifecycle.StopAsync(Admin, [id])).TaskNo);
    }

    [Fact]
    public async Task A_service_that_exits_shows_inactive_within_a_second_with_its_exit_code_in_the_journal()
    {
        await _host.StartAsync(); // the engine event watcher
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();
        using var events = _host.Get<Core.Live.LiveEventBus>().Open();
        var watcher = _host.Get<EngineEventWatcher>();
        await watcher.WhenWatchingAsync("node1").WaitAsync(TimeSpan.FromSeconds(30));

        var task = await lifecycle.StartAsync(Admin, [id], package: (server, token) => PackageAsync(server, "busybox sleep 2; exit 3"));
        await lifecycle.WaitAsync(task.TaskNo);
        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        Assert.Equal(PresentStates.Active, (await _host.Get<ServerConfRepository>().GetAsync(id))!.PresentState);

        await WaitForAsync(() => _host.Get<ServerConfRepository>().GetAsync(id).GetAwaiter().GetResult()!.PresentState == PresentStates.Inactive);
        var journal = _host.Get<Core.Logs.JournalLog>().Read(Core.Logs.LogSourceId.ForServiceJournal("Test", _server));
        Assert.Contains(journal, l => l.Text.Contains("exited with code 3", StringComparison.Ordinal));
        Assert.Contains(journal, l => l.Text.Contains("started pid", StringComparison.Ordinal));
        Assert.Equal(0, (await _host.Get<ServerConfRepository>().GetAsync(id))!.ProcessId);
        var changes = new List<Core.Live.LiveEvent>();
        while (events.Reader.TryRead(out var e))
        {
            changes.Add(e);
        }

        Assert.Contains(changes, e => e is ServiceChanged { Change: "state", ChangedBy: "engine" } c && c.Id == id);
        Assert.Contains(changes, e => e is TaskProgress { Status: TaskItemStatus.Success } p && p.TaskNo == task.TaskNo);
        Assert.Equal("3", watcher.LastUnexpectedExit(id)?.ExitCode);

        // Started again and stopped by the dashboard: that exit is a stop, not a failure.
        var again = await lifecycle.StartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(again.TaskNo);
        await WaitForAsync(() => watcher.LastUnexpectedExit(id) is null);
        var died = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSeen(EngineEventSeen seen)
        {
            if (seen is { NodeName: "node1", Action: "die" })
            {
                died.TrySetResult();
            }
        }

        watcher.EventSeen += OnSeen;
        await lifecycle.WaitAsync((await lifecycle.StopAsync(Admin, [id])).TaskNo);
        await died.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the stop's exit was handled: now it would show
        watcher.EventSeen -= OnSeen;
        Assert.Null(watcher.LastUnexpectedExit(id));
    }

    [Fact]
    public async Task An_engine_that_stops_mid_task_fails_the_item_with_the_reason()
    {
        await using var engine = new DockerEngineInstance("life");
        await engine.StartAsync();
        await engine.ImportBusyboxImageAsync(InfraFixture.BusyboxImage);
        await _host.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "life", Endpoint = engine.Endpoint, TarsHostpath = _hostPath.FullName,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var id = await SeedServiceAsync("life", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();

        // The package is read once the task is under way; the engine goes away then, before the image and the container.
        var task = await lifecycle.StartAsync(Admin, [id], package: async (server, token) =>
        {
            await engine.StopAsync();
            return await TestPackage(server, token);
        });
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.Equal((int)TaskItemStatus.Failed, item.Status);
        Assert.Contains("package checked", item.Log);
        Assert.Matches("failed: .+", item.Log);
        Assert.NotNull(item.EndTime);
        var row = (await _host.Get<ServerConfRepository>().GetAsync(id))!;
        Assert.Equal((PresentStates.Inactive, 0), (row.PresentState, row.ProcessId));
    }

    [Fact]
    public async Task Two_starts_of_the_same_instance_at_once_run_one_after_the_other_and_leave_one_container()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();

        var tasks = await Task.WhenAll(lifecycle.StartAsync(Admin, [id], package: TestPackage), lifecycle.StartAsync(Admin, [id], package: TestPackage));
        await Task.WhenAll(tasks.Select(t => lifecycle.WaitAsync(t.TaskNo)));

        var items = new List<TaskItemRow>();
        foreach (var task in tasks)
        {
            items.AddRange(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        }

        Assert.All(items, i => Assert.True(i.Status == (int)TaskItemStatus.Success, i.Log));
        // The second waited for the first: it found the first one's container and replaced it.
        Assert.Single(items, i => i.Log!.Contains("removed container", StringComparison.Ordinal));
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        Assert.Single(containers, c => c.Names.Contains($"/Test.{_server}"));
    }

    [Fact]
    public async Task A_standard_server_package_starts_from_bin_with_the_generated_start_script_and_the_admin_port_and_locator_in_its_config()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();

        var task = await lifecycle.StartAsync(Admin, [id], package: TestPackage);
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        Assert.Contains($"package checked: 1 entries of {_server}/", item.Log);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var container = await client.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.True(container.State!.Running);
        var serverDir = ServiceFolders.ServerDir("Test", _server);
        Assert.Equal([$"{serverDir}/bin/tars_start.sh"], container.Config!.Entrypoint);

        // As tarsnode copies it: Server/Server went to bin/Server, and the start script beside it is the generated one.
        var bin = Path.Combine(HostFolder("node1"), "bin");
        Assert.True(File.Exists(Path.Combine(bin, _server)));
        Assert.False(Directory.Exists(Path.Combine(HostFolder("node1"), _server)));
        var script = Path.Combine(bin, "tars_start.sh");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(script) & (UnixFileMode)0b111_111_111);
        }

        var scriptText = await File.ReadAllTextAsync(script);
        Assert.StartsWith("#!/bin/sh\n", scriptText);
        Assert.Contains($"\nexec {serverDir}/bin/{_server} --config={serverDir}/conf/Test.{_server}.config.conf\n", scriptText);

        var config = TarsConfigParser.Parse(await File.ReadAllTextAsync(Path.Combine(HostFolder("node1"), "conf", $"Test.{_server}.config.conf"))).Document!;
        var instances = await _host.Get<ServerConfRepository>().ListOnNodeAsync("node1");
        var adapterPorts = (await _host.Get<AdapterConfRepository>().ListEndpointsOnNodeAsync("node1")).Select(e => EndpointText.Parse(e).Port);
        var port = AdminPorts.Assign(new AdminPortClaim(id, "Test", _server), "node1", instances.Select(r => new AdminPortClaim(r.Id, r.Application, r.ServerName)), adapterPorts);
        Assert.InRange(port, 30000, 44999);
        Assert.Equal($"tcp -h 0.0.0.0 -p {port} -t 10000", config.GetValue("/tars/application/server<local>"));
        Assert.Equal(Locator, config.GetValue("/tars/application/client<locator>"));
        Assert.Equal("", config.GetValue("/tars/application/server<node>"));

        // The program itself runs, with the config as its argument.
        var log = Path.Combine(HostPathOf("node1"), "app_log", "Test", _server, $"Test.{_server}.log");
        await WaitForAsync(() => File.Exists(log));
        Assert.Contains($"started Test.{_server} with --config={serverDir}/conf/Test.{_server}.config.conf", await File.ReadAllTextAsync(log));

        // A restart gives the same admin port.
        await lifecycle.WaitAsync((await lifecycle.RestartAsync(Admin, [id])).TaskNo);
        var again = TarsConfigParser.Parse(await File.ReadAllTextAsync(Path.Combine(HostFolder("node1"), "conf", $"Test.{_server}.config.conf"))).Document!;
        Assert.Equal($"tcp -h 0.0.0.0 -p {port} -t 10000", again.GetValue("/tars/application/server<local>"));
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);
    }

    [Fact]
    public async Task A_program_not_named_after_the_server_is_found_by_server_in_its_name_as_tarsnode_finds_it()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();

        var task = await lifecycle.StartAsync(Admin, [id], package: (server, _) => Task.FromResult<Stream>(Tgz(
            ("pkg/", ""), ("pkg/readme.txt", "x"), ("pkg/tools/", ""), ("pkg/tools/MyServer", Program(server, "trap 'exit 0' TERM\nwhile true; do busybox sleep 1; done")))));
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        var serverDir = ServiceFolders.ServerDir("Test", _server);
        Assert.Contains($"\nexec {serverDir}/bin/tools/MyServer --config=", await File.ReadAllTextAsync(Path.Combine(HostFolder("node1"), "bin", "tars_start.sh")));
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);
    }

    [Fact]
    public async Task The_templates_env_entries_are_exported_to_the_program_inside_the_container()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage, edit: row => row.Profile =
            "<tars>\n<application>\n<server>\nenv=GREETING=hello world;EXTENDED=$PATH:/opt/x|LITERAL='$HOME';NO_COMMAND=$(busybox id)\n</server>\n</application>\n</tars>\n");
        var lifecycle = _host.Get<ServiceLifecycle>();
        var envFile = $"{ServiceFolders.LogDir}/Test/{_server}/env.txt";

        var task = await lifecycle.StartAsync(Admin, [id], package: (server, _) =>
            PackageAsync(server, $"busybox env > {envFile}\ntrap 'exit 0' TERM\nwhile true; do busybox sleep 1; done"));
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        var written = Path.Combine(HostPathOf("node1"), "app_log", "Test", _server, "env.txt");
        await WaitForAsync(() => File.Exists(written) && new FileInfo(written).Length > 0);
        var env = (await File.ReadAllLinesAsync(written)).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("hello world", env["GREETING"]);
        Assert.Equal(env["PATH"] + ":/opt/x", env["EXTENDED"]);
        Assert.Equal("$HOME", env["LITERAL"]);
        Assert.Equal("$(busybox id)", env["NO_COMMAND"]);
        Assert.Contains($"{ServiceFolders.ServerDir("Test", _server)}/bin/:", env["LD_LIBRARY_PATH"]);
    }

    [Fact]
    public async Task A_not_tars_service_starts_through_its_start_script_with_the_service_id()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage, edit: row =>
        {
            row.ServerType = "not_tars";
            row.StartScriptPath = "run.sh";
        });
        var lifecycle = _host.Get<ServiceLifecycle>();
        var package = (ServerConfRow server, CancellationToken _) => Task.FromResult<Stream>(Tgz(
            ($"{server.ServerName}/", ""),
            ($"{server.ServerName}/run.sh", Program(server, "trap 'exit 0' TERM\nwhile true; do busybox sleep 1; done")),
            ($"{server.ServerName}/notes.txt", "not a program")));

        var task = await lifecycle.StartAsync(Admin, [id], package: (server, token) => package(server, token));
        await lifecycle.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);
        var log = Path.Combine(HostPathOf("node1"), "app_log", "Test", _server, $"Test.{_server}.log");
        await WaitForAsync(() => File.Exists(log));
        Assert.Contains($"started Test.{_server} with Test.{_server}", await File.ReadAllTextAsync(log));
        Assert.Contains($"exec {ServiceFolders.ServerDir("Test", _server)}/bin/run.sh Test.{_server}",
            await File.ReadAllTextAsync(Path.Combine(HostFolder("node1"), "bin", "tars_start.sh")));
    }

    [Fact]
    public async Task A_bad_package_is_refused_before_anything_starts_and_the_running_service_keeps_running()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var lifecycle = _host.Get<ServiceLifecycle>();
        await lifecycle.WaitAsync((await lifecycle.StartAsync(Admin, [id], package: TestPackage)).TaskNo);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var before = await client.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.True(before.State!.Running);

        // A path leaving the folder: refused while the old container still runs.
        var escaping = await lifecycle.RestartAsync(Admin, [id], package: (server, _) => Task.FromResult<Stream>(Tgz(
            ($"{server.ServerName}/{server.ServerName}", "#!/bin/sh\n"), ("../../escape", "x"))));
        await lifecycle.WaitAsync(escaping.TaskNo);

        var refused = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(escaping.TaskNo));
        Assert.Equal((int)TaskItemStatus.Failed, refused.Status);
        Assert.Contains("the package is refused", refused.Log);
        Assert.Contains("../../escape", refused.Log);
        Assert.DoesNotContain("created container", refused.Log);
        var after = await client.Containers.InspectContainerAsync($"Test.{_server}");
        Assert.Equal(before.ID, after.ID);
        Assert.True(after.State!.Running);
        Assert.False(File.Exists(Path.Combine(HostPathOf("node1"), "tarsnode-data", "escape")));

        // A package without the program (nothing named after the server, nothing with "Server" in its name): no container is left.
        var other = await SeedServiceAsync("node2", InfraFixture.BusyboxImage);
        var missing = await lifecycle.StartAsync(Admin, [other], package: (server, _) => Task.FromResult<Stream>(Tgz(
            ($"{server.ServerName}/", ""), ($"{server.ServerName}/readme.txt", "no program here"), ($"{server.ServerName}/run.sh", "#!/bin/sh\n"))));
        await lifecycle.WaitAsync(missing.TaskNo);

        var notThere = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(missing.TaskNo));
        Assert.Equal((int)TaskItemStatus.Failed, notThere.Status);
        Assert.Contains($"bin/{_server} is not there", notThere.Log);
        using var client2 = DockerClientPool.Create(infra.Node2.Endpoint, "");
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client2.Containers.InspectContainerAsync($"Test.{_server}"));
        Assert.Equal((PresentStates.Inactive, 0), ((await _host.Get<ServerConfRepository>().GetAsync(other))!.PresentState,
            (await _host.Get<ServerConfRepository>().GetAsync(other))!.ProcessId));
    }

    private async Task<int> SeedServiceAsync(string node, string image, string runType = RunTypes.Container, Action<ServerConfRow>? edit = null)
    {
        var images = _host.Get<BaseImageRepository>();
        var existing = (await images.ListAsync()).FirstOrDefault(i => i.Image == image);
        if (existing is null)
        {
            existing = new BaseImageRow { Image = image, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(existing);
        }

        var row = new ServerConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, TemplateName = "tars.default",
            RunType = runType, BaseImageId = existing.Id,
        };
        edit?.Invoke(row);
        var id = await _host.Get<ServerConfRepository>().InsertAsync(row);
        await _host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, AdapterName = $"Test.{_server}.MainObjAdapter",
            Endpoint = "tcp -h 127.0.0.1 -p 23456 -t 60000", Servant = $"Test.{_server}.MainObj", AllowIp = "",
        });
        return id;
    }

    private string HostFolder(string node) => Path.Combine(HostPathOf(node), "tarsnode-data", $"Test.{_server}");

    // A standard package (make Server-tar): Server/Server, a program that logs a line and stays in front until stopped.
    private Task<Stream> TestPackage(ServerConfRow server, CancellationToken cancellationToken) =>
        PackageAsync(server, "trap 'exit 0' TERM\nwhile true; do busybox sleep 1; done");

    private static Task<Stream> PackageAsync(ServerConfRow server, string tail) =>
        Task.FromResult<Stream>(Tgz(
            ($"{server.ServerName}/", ""),
            ($"{server.ServerName}/{server.ServerName}", Program(server, tail))));

    /// <summary>A busybox /bin/sh program: mkdir its log folder, log "started App.Server with args", then <paramref name="tail"/>.</summary>
    private static string Program(ServerConfRow server, string tail)
    {
        var logDir = $"{ServiceFolders.LogDir}/{server.Application}/{server.ServerName}";
        return $"""
            #!/bin/sh
            busybox mkdir -p {logDir}
            echo "started {server.ServiceId} with $*"
            echo "started {server.ServiceId} with $*" >> {logDir}/{server.ServiceId}.log
            {tail}
            """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>A .tgz of (name, text): names ending in '/' are folders; files are rwxr-xr-x unless named *.txt.</summary>
    private static MemoryStream Tgz(params (string Name, string Text)[] items)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in items)
            {
                tar.WriteEntry(name.EndsWith('/')
                    ? new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 }
                    : new PaxTarEntry(TarEntryType.RegularFile, name)
                    {
                        Mode = name.EndsWith(".txt", StringComparison.Ordinal) ? (UnixFileMode)0b110_100_100 : (UnixFileMode)0b111_101_101,
                        DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    });
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
