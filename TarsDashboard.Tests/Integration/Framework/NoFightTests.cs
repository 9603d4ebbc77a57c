using System.Collections.Concurrent;
using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>
/// Issue 12's "nothing fights over 60 s": a tarsnode-managed node (fresh heartbeat, its own unlabelled container) and
/// an engine-managed node whose stale heartbeat the dashboard cleared, on one real db_tars, with every background
/// service of the dashboard running while tarsnode and tarsregistry keep doing what they do every 10 and 60 s.
/// </summary>
[Collection("infra")]
public sealed class NoFightTests(InfraFixture infra) : IAsyncLifetime
{
    private const string EngineNode = "fwnode2";
    private static readonly Caller Admin = new("admin");

    // Longer than tarsregistry's node check period (60 s), so at least one round of every periodic writer falls in it.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(65);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    private readonly string _server = "Nf" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-nofight-");
    private readonly List<(DockerEngineInstance Engine, string Name)> _containers = [];
    private FrameworkTestBed _bed = null!;
    private string? _strayId;

    private string ServiceId => $"Test.{_server}";

    public async Task InitializeAsync() =>
        _bed = await FrameworkTestBed.StartAsync(infra, settings: new Dictionary<string, string?> { ["Lifecycle:Privileged"] = "false" });

    public async Task DisposeAsync()
    {
        foreach (var (engine, name) in _containers.Append((infra.Node2, ServiceId)))
        {
            using var client = DockerClientPool.Create(engine.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        await _bed.DisposeAsync();
        try
        {
            _hostPath.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Files a container wrote as root only leave a temp folder behind.
        }
    }

    [Fact]
    public async Task Over_65_seconds_of_heartbeats_node_checks_and_engine_events_neither_the_dashboard_nor_tarsnode_touches_the_others_instance()
    {
        var nodes = _bed.Host.Get<NodeService>();
        var lifecycle = _bed.Host.Get<ServiceLifecycle>();
        var database = _bed.Database;

        // node1: the fake tarsnode (fresh heartbeat), registered as tarsnode-managed with its engine, so the watcher follows it.
        await nodes.AddAsync(Admin, new NodeInput { Name = FrameworkTestBed.NodeName, Endpoint = infra.Node1.Endpoint, Management = NodeManagement.Tarsnode });
        // node2: a tarsnode ran there once (heartbeat 10 minutes old); registering it engine-managed clears that heartbeat.
        await TarsnodeTraces.SetHeartbeatAsync(database, EngineNode, 600);
        await nodes.AddAsync(Admin, new NodeInput
        {
            Name = EngineNode, Endpoint = infra.Node2.Endpoint, Management = NodeManagement.Engine,
            TarsHostpath = _hostPath.FullName,
        });
        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(database, EngineNode));

        // The same service on both: tarsnode's instance started through tarsAdminRegistry, the dashboard's by itself.
        var onTarsnode = await _bed.SeedServiceAsync(_server);
        var onEngine = await _bed.SeedServiceAsync(_server, node: EngineNode, writeProgram: false);
        var delegated = await lifecycle.StartAsync(Admin, [onTarsnode.Id]);
        await lifecycle.WaitAsync(delegated.TaskNo);
        Assert.True(FrameworkTaskNumbers.IsDelegated(delegated.TaskNo));
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(onTarsnode))!.PresentState == PresentStates.Active
                                                        && _bed.Node.ContainerIdOf("Test", _server) is not null, "tarsnode's container to run");
        var own = await lifecycle.StartAsync(Admin, [onEngine.Id], package: TestPackage);
        await lifecycle.WaitAsync(own.TaskNo);
        var ownItem = Assert.Single(await _bed.Host.Get<TaskRepository>().ListItemsAsync(own.TaskNo));
        Assert.True(ownItem.Status == (int)TaskItemStatus.Success, ownItem.Log);

        using var node1 = DockerClientPool.Create(infra.Node1.Endpoint, "");
        using var node2 = DockerClientPool.Create(infra.Node2.Endpoint, "");
        var tarsnodeContainer = (await node1.Containers.InspectContainerAsync(ServiceId)).ID;
        Assert.Equal(_bed.Node.ContainerIdOf("Test", _server), tarsnodeContainer);
        var dashboardContainer = await node2.Containers.InspectContainerAsync(ServiceId);
        Assert.True(ServiceContainerLabels.AreOnContainer(dashboardContainer.Config!.Labels));
        var enginePid = (int)dashboardContainer.State!.Pid;
        Assert.Equal((PresentStates.Active, "active", enginePid), await StateOfAsync(onEngine));
        var tarsnodeRow = await TarsnodeTraces.SnapshotServerAsync(database, onTarsnode.Id);

        var seen = new ConcurrentQueue<EngineEventSeen>();
        _bed.Host.Get<EngineEventWatcher>().EventSeen += seen.Enqueue;
        await _bed.Host.StartAsync();
        await WaitUntilWatchedAsync(infra.Node1, seen);
        await WaitUntilWatchedAsync(infra.Node2, seen);

        // The window itself is the point: tarsnode's keep-alive (10 s) and tarsregistry's node check (60 s) are periodic,
        // so only time shows that neither side writes over the other. The invariants are checked every second.
        var clock = Stopwatch.StartNew();
        var nextKeepAlive = TimeSpan.Zero;
        var events = new Queue<(TimeSpan At, Func<Task> Happen)>(
        [
            (TimeSpan.FromSeconds(5), () => StrayStartAsync(infra.Node1)),
            (TimeSpan.FromSeconds(15), () => StrayRemoveAsync(infra.Node1)),
            (TimeSpan.FromSeconds(25), () => ExecAsync(node2)),
            (TimeSpan.FromSeconds(45), () => ExecAsync(node2)),
        ]);
        var nodeChecks = 0;
        while (clock.Elapsed < Window)
        {
            if (clock.Elapsed >= nextKeepAlive)
            {
                await _bed.Node.KeepAliveAsync();
                Assert.Equal(0, await _bed.Framework.Db.CheckNodesAsync()); // node2's heartbeat is NULL, node1's fresh: no reset
                nodeChecks++;
                nextKeepAlive += KeepAliveInterval;
            }

            if (events.TryPeek(out var next) && clock.Elapsed >= next.At)
            {
                await events.Dequeue().Happen();
            }

            await AssertNoFightAsync($"at {clock.Elapsed.TotalSeconds:F0} s");
            await Task.Delay(TimeSpan.FromSeconds(1)); // kept: the scenario's clock; real tarsnode keep-alive rounds must pass
        }

        Assert.Empty(events);
        Assert.True(nodeChecks >= 7, $"{nodeChecks} keep-alive rounds");
        // The watcher did see the stray container on the tarsnode's node and wrote nothing for it.
        var stray = seen.Where(e => e.NodeName == FrameworkTestBed.NodeName && e.ContainerId == _strayId).ToList();
        Assert.Equal(["start", "die"], stray.Select(e => e.Action));
        Assert.All(stray, e => Assert.False(e.StateWritten));
        Assert.DoesNotContain(seen, e => e.StateWritten);
        // tarsnode was asked once (the start) and never told to stop; the dashboard wrote no task row for the delegated start.
        Assert.Equal([$"startServer {ServiceId}"], _bed.Node.Received);
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM t_task WHERE task_no = @taskNo", new { taskNo = delegated.TaskNo }));
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM t_task_item WHERE task_no = @taskNo", new { taskNo = delegated.TaskNo }));
        _bed.Framework.AssertNoUnexpectedCalls();

        async Task AssertNoFightAsync(string when)
        {
            var tarsnodeNow = await node1.Containers.InspectContainerAsync(ServiceId);
            Assert.True(tarsnodeNow.ID == tarsnodeContainer && tarsnodeNow.State!.Running, $"{when}: tarsnode's container was replaced or stopped");
            Assert.True(tarsnodeRow == await TarsnodeTraces.SnapshotServerAsync(database, onTarsnode.Id), $"{when}: node1's t_server_conf row was written");
            var engineNow = await node2.Containers.InspectContainerAsync(ServiceId);
            Assert.True(engineNow.ID == dashboardContainer.ID && engineNow.State!.Running, $"{when}: the dashboard's container on node2 was replaced or stopped");
            Assert.Equal((PresentStates.Active, "active", enginePid), await StateOfAsync(onEngine));
            Assert.True(await TarsnodeTraces.ReadHeartbeatAsync(database, EngineNode) is null or DBNull, $"{when}: node2 has a heartbeat again");
        }
    }

    private async Task<(string?, string?, int)> StateOfAsync(ServerConfRow row) =>
        (await _bed.ReloadAsync(row)) is { } now ? (now.PresentState, now.SettingState, now.ProcessId) : (null, null, 0);

    // A container that claims to be the service (its labels) on the tarsnode's node, but is not the one tarsnode runs.
    private async Task StrayStartAsync(DockerEngineInstance engine) =>
        _strayId = await RunLabelledAsync(engine, $"{ServiceId}.stray", _server, "busybox sleep 600");

    private async Task StrayRemoveAsync(DockerEngineInstance engine)
    {
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        await client.Containers.RemoveContainerAsync(_strayId!, new ContainerRemoveParameters { Force = true });
    }

    // Someone looks into the dashboard's instance (exec_create/exec_start/exec_die events carry its labels).
    private async Task ExecAsync(DockerClient client)
    {
        var exec = await client.Exec.CreateContainerExecAsync(ServiceId, new ContainerExecCreateParameters { Cmd = ["busybox", "true"] });
        using (var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters()))
        {
            await stream.ReadOutputToEndAsync(CancellationToken.None);
        }

        // The engine may record the exit code a moment after the output stream ends.
        await FrameworkTestBed.WaitForAsync(async () => (await client.Exec.InspectContainerExecAsync(exec.ID)).ExitCode is not null, "the exec's exit code");
        Assert.Equal(0, (await client.Exec.InspectContainerExecAsync(exec.ID)).ExitCode);
    }

    private async Task<string> RunLabelledAsync(DockerEngineInstance engine, string name, string serverName, string script)
    {
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        _containers.Add((engine, name));
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = InfraFixture.BusyboxImage,
            Cmd = ["sh", "-c", script],
            Labels = new Dictionary<string, string>
            {
                [ServiceContainerLabels.Application] = "Test", [ServiceContainerLabels.Server] = serverName, [ServiceContainerLabels.Node] = engine.Name,
            },
        });
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    /// <summary>Until the watcher follows a node's events a start is missed: a labelled probe of no known service proves it does.</summary>
    private async Task WaitUntilWatchedAsync(DockerEngineInstance engine, ConcurrentQueue<EngineEventSeen> seen)
    {
        var probe = $"Probe.{_server}{engine.Name}";
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var id = await RunLabelledAsync(engine, probe, "Probe" + _server, "busybox true");
            var watched = false;
            for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(2) && !watched; await Task.Delay(50))
            {
                watched = seen.Any(e => e.ContainerId == id && e.Action == "start");
            }

            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            if (watched)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the watcher never followed {engine.Name}");
        }
    }

    // A standard Server/Server package whose program sleeps until stopped (the start script is the dashboard's).
    private static Task<Stream> TestPackage(ServerConfRow server, CancellationToken cancellationToken)
    {
        var script = "#!/bin/sh\ntrap 'exit 0' TERM\nbusybox sleep 3600 &\nwait\n";
        var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"{server.ServerName}/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{server.ServerName}/{server.ServerName}")
            {
                Mode = (UnixFileMode)0b111_101_101, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(script)),
            });
        }

        buffer.Position = 0;
        return Task.FromResult<Stream>(buffer);
    }
}
