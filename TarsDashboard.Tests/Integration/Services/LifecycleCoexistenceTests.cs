using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>
/// The dashboard's lifecycle and engine watcher beside a tarsnode, on the real engines and a real db_tars (MariaDB):
/// it never creates, stops or removes what a tarsnode owns, and writes no state for it, while containers start and die.
/// </summary>
[Collection("infra")]
public sealed class LifecycleCoexistenceTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-coexist-");
    private readonly string _server = "Coex" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<(DockerEngineInstance Engine, string Name)> _containers = [];
    private CoreHost _host = null!;

    private string ContainerName => $"Test.{_server}";

    private TarsDatabase Database => _host.Get<TarsDatabase>();

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateAsync(DatabaseProvider.MySql, await infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]),
            new Dictionary<string, string?> { ["Lifecycle:Privileged"] = "false" });
        foreach (var engine in infra.Nodes)
        {
            await _host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = engine.Name, Endpoint = engine.Endpoint,
                TarsHostpath = Directory.CreateDirectory(Path.Combine(_hostPath.FullName, engine.Name)).FullName,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (engine, name) in _containers.Append((infra.Node1, ContainerName)).Append((infra.Node2, ContainerName)).Distinct())
        {
            if (!engine.IsRunning)
            {
                continue;
            }

            using var client = DockerClientPool.Create(engine.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
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
    public async Task Start_stop_and_restart_on_a_tarsnode_managed_node_never_touch_its_container_mixed_tasks_are_refused_and_with_no_framework_nothing_is_written()
    {
        await SetManagementAsync("node1", NodeManagement.Tarsnode);
        var onTarsnode = await SeedServiceAsync("node1", present: "active", pid: 4242);
        var onEngine = await SeedServiceAsync("node2");
        var tarsnodeMade = await RunContainerAsync(infra.Node1, ContainerName, labelled: false, "busybox sleep 600");
        var before = await TarsnodeTraces.SnapshotServerAsync(Database, onTarsnode);
        var lifecycle = _host.Get<ServiceLifecycle>();

        // One task is never half the dashboard's and half the framework's.
        var mixed = await Assert.ThrowsAsync<ValidationFailedException>(() => lifecycle.StartAsync(Admin, [onTarsnode, onEngine]));
        var error = Assert.Single(mixed.Errors);
        Assert.Equal("Service.Lifecycle.Mixed", error.Code);
        Assert.StartsWith("node1: a tarsnode manages these nodes", error.Message);
        // A package for a tarsnode's node goes through tarsAdminRegistry's publish, not the dashboard's restart.
        var withPackage = await Assert.ThrowsAsync<ValidationFailedException>(() => lifecycle.RestartAsync(Admin, [onTarsnode], package: TestPackage));
        Assert.Equal("Service.Lifecycle.TarsnodePackage", Assert.Single(withPackage.Errors).Code);

        // The instance alone goes to tarsAdminRegistry; no framework is known here, so it is refused as unreachable.
        foreach (var command in new Func<Task>[] { () => lifecycle.StartAsync(Admin, [onTarsnode]), () => lifecycle.StopAsync(Admin, [onTarsnode]),
                     () => lifecycle.RestartAsync(Admin, [onTarsnode]) })
        {
            var unreachable = await Assert.ThrowsAsync<TarsDashboard.Core.Framework.FrameworkUnreachableException>(command);
            Assert.Contains("no framework is known", unreachable.Reason);
        }

        // Nothing ran: tarsnode's container is the same one, still running; the instance on node2 was not started either.
        await AssertStillRunningAsync(infra.Node1, tarsnodeMade);
        using var node2 = DockerClientPool.Create(infra.Node2.Endpoint, "");
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => node2.Containers.InspectContainerAsync(ContainerName));
        Assert.Equal(before, await TarsnodeTraces.SnapshotServerAsync(Database, onTarsnode));
        Assert.Empty(await Database.QueryAsync<string>("SELECT task_no FROM t_task"));
    }

    [Fact]
    public async Task An_engine_managed_node_a_tarsnode_heartbeats_for_is_a_conflict_and_its_instances_are_refused()
    {
        var id = await SeedServiceAsync("node1");
        await TarsnodeTraces.SetHeartbeatAsync(Database, "node1", 2);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Get<ServiceLifecycle>().StartAsync(Admin, [id], package: TestPackage));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Service.Lifecycle.Conflict", error.Code);
        Assert.Matches($@"^{ContainerName.Replace(".", @"\.", StringComparison.Ordinal)} on node1: a tarsnode sends heartbeats for this node \(last \d\d:\d\d:\d\d\)", error.Message);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync(ContainerName));
    }

    [Fact]
    public async Task A_running_container_without_the_dashboards_labels_on_an_engine_managed_node_is_neither_replaced_nor_removed()
    {
        var id = await SeedServiceAsync("node1");
        var tarsnodeMade = await RunContainerAsync(infra.Node1, ContainerName, labelled: false, "busybox sleep 600");
        var before = await TarsnodeTraces.SnapshotServerAsync(Database, id);
        var lifecycle = _host.Get<ServiceLifecycle>();

        foreach (var command in new[] { ServiceCommands.Start, ServiceCommands.Restart, ServiceCommands.Stop })
        {
            var task = command switch
            {
                ServiceCommands.Start => await lifecycle.StartAsync(Admin, [id], package: TestPackage),
                ServiceCommands.Restart => await lifecycle.RestartAsync(Admin, [id], package: TestPackage),
                _ => await lifecycle.StopAsync(Admin, [id]),
            };
            await lifecycle.WaitAsync(task.TaskNo);

            var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
            Assert.True(item.Status == (int)TaskItemStatus.Failed, item.Log);
            Assert.Contains($"a running container {ContainerName} without the dashboard's labels is on node node1: a tarsnode seems to run there", item.Log);
            Assert.DoesNotContain("stopped container", item.Log);
            Assert.DoesNotContain("removed container", item.Log);
            await AssertStillRunningAsync(infra.Node1, tarsnodeMade);
        }

        Assert.Equal(before, await TarsnodeTraces.SnapshotServerAsync(Database, id));
    }

    [Fact]
    public async Task Ownership_is_asked_again_when_an_item_runs_so_a_node_switched_meanwhile_is_left_alone()
    {
        var first = await SeedServiceAsync("node1");
        var second = await SeedServiceAsync("node2");
        var lifecycle = _host.Get<ServiceLifecycle>();

        // Serial: while the first instance is being started, someone registers node2 as tarsnode-managed.
        var task = await lifecycle.StartAsync(Admin, [first, second], serial: true, package: async (server, token) =>
        {
            if (server.NodeName == "node1")
            {
                await SetManagementAsync("node2", NodeManagement.Tarsnode);
            }

            return await TestPackage(server, token);
        });
        await lifecycle.WaitAsync(task.TaskNo);

        var items = (await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo)).ToDictionary(i => i.NodeName ?? "");
        Assert.True(items["node1"].Status == (int)TaskItemStatus.Success, items["node1"].Log);
        Assert.Equal((int)TaskItemStatus.Failed, items["node2"].Status);
        Assert.Contains("a tarsnode manages this node", items["node2"].Log);
        using var node2 = DockerClientPool.Create(infra.Node2.Endpoint, "");
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => node2.Containers.InspectContainerAsync(ContainerName));
        await lifecycle.WaitAsync((await lifecycle.StopAsync(Admin, [first])).TaskNo);
    }

    [Fact]
    public async Task The_watcher_writes_nothing_for_a_tarsnode_managed_node_while_its_containers_start_and_die()
    {
        await SetManagementAsync("node2", NodeManagement.Tarsnode);
        var onEngine = await SeedServiceAsync("node1");
        // As tarsnode reported it: active with its own pid.
        var onTarsnode = await SeedServiceAsync("node2", present: "active", pid: 4242);
        var seen = new ConcurrentQueue<EngineEventSeen>();
        var watcher = _host.Get<EngineEventWatcher>();
        watcher.EventSeen += seen.Enqueue;
        await _host.StartAsync();
        await watcher.WhenWatchingAsync(infra.Node1.Name).WaitAsync(TimeSpan.FromSeconds(30));
        await watcher.WhenWatchingAsync(infra.Node2.Name).WaitAsync(TimeSpan.FromSeconds(30));
        var before = await TarsnodeTraces.SnapshotServerAsync(Database, onTarsnode);

        // On the tarsnode's node: a container with the dashboard's labels (left from before the switch) starts and dies,
        // then one tarsnode made (no labels) does the same.
        var labelled = await RunContainerAsync(infra.Node2, ContainerName, labelled: true, "busybox sleep 2; exit 3");
        var start = await WaitForSeenAsync(seen, "node2", labelled, "start");
        var die = await WaitForSeenAsync(seen, "node2", labelled, "die");
        await RemoveContainerAsync(infra.Node2, ContainerName);
        var unlabelled = await RunContainerAsync(infra.Node2, ContainerName, labelled: false, "busybox sleep 1");
        await WaitForExitAsync(infra.Node2, unlabelled);
        // The control on the dashboard's node, after the others: when it is seen, the node2 events were all handled.
        var control = await RunContainerAsync(infra.Node1, ContainerName, labelled: true, "busybox sleep 600");
        var controlStart = await WaitForSeenAsync(seen, "node1", control, "start");

        Assert.False(start.StateWritten);
        Assert.False(die.StateWritten);
        Assert.True(controlStart.StateWritten);
        Assert.DoesNotContain(seen, e => e.ContainerId == unlabelled); // tarsnode's own containers are not the dashboard's business
        Assert.Equal(before, await TarsnodeTraces.SnapshotServerAsync(Database, onTarsnode)); // registry_timestamp included
        var recorded = (await _host.Get<ServerConfRepository>().GetAsync(onEngine))!;
        Assert.Equal(PresentStates.Active, recorded.PresentState);
        Assert.True(recorded.ProcessId > 0);
    }

    private async Task SetManagementAsync(string nodeName, string management)
    {
        var node = (await _host.Get<NodeRepository>().GetAsync(nodeName))!;
        node.Management = management;
        Assert.True(await _host.Get<NodeRepository>().UpdateAsync(node));
    }

    private async Task<int> SeedServiceAsync(string node, string present = "inactive", int pid = 0)
    {
        var images = _host.Get<BaseImageRepository>();
        var image = (await images.ListAsync()).FirstOrDefault(i => i.Image == InfraFixture.BusyboxImage);
        if (image is null)
        {
            image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(image);
        }

        return await _host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, TemplateName = "tars.default", RunType = RunTypes.Container,
            BaseImageId = image.Id, SettingState = present, PresentState = present, ProcessId = pid,
        });
    }

    /// <summary>
    /// A container made straight on the engine: <paramref name="labelled"/> as the dashboard labels its own, otherwise
    /// bare as tarsnode creates them.
    /// </summary>
    private async Task<string> RunContainerAsync(DockerEngineInstance engine, string name, bool labelled, string script)
    {
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        _containers.Add((engine, name));
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = InfraFixture.BusyboxImage,
            Cmd = ["sh", "-c", script],
            Labels = labelled
                ? new Dictionary<string, string>
                {
                    [ServiceContainerLabels.Application] = "Test", [ServiceContainerLabels.Server] = _server, [ServiceContainerLabels.Node] = engine.Name,
                }
                : new Dictionary<string, string>(),
        });
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    private static async Task RemoveContainerAsync(DockerEngineInstance engine, string name)
    {
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
    }

    private static async Task AssertStillRunningAsync(DockerEngineInstance engine, string id)
    {
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        var container = await client.Containers.InspectContainerAsync(id);
        Assert.True(container.State!.Running);
        Assert.Equal(id, container.ID);
        Assert.False(ServiceContainerLabels.AreOnContainer(container.Config!.Labels));
    }

    private static async Task WaitForExitAsync(DockerEngineInstance engine, string id)
    {
        using var client = DockerClientPool.Create(engine.Endpoint, "");
        var waited = await client.Containers.WaitContainerAsync(id);
        Assert.Equal(0, waited.StatusCode);
    }

    private static async Task<EngineEventSeen> WaitForSeenAsync(ConcurrentQueue<EngineEventSeen> seen, string node, string id, string action) =>
        await TryWaitForSeenAsync(seen, node, id, action, TimeSpan.FromSeconds(20))
        ?? throw new Xunit.Sdk.XunitException($"the watcher did not handle {action} of {id[..12]} on {node}");

    private static async Task<EngineEventSeen?> TryWaitForSeenAsync(ConcurrentQueue<EngineEventSeen> seen, string node, string id, string action,
        TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (seen.FirstOrDefault(e => e.NodeName == node && e.ContainerId == id && e.Action == action) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return null;
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
