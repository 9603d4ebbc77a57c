using System.Collections.Concurrent;
using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Cluster;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Cluster;

/// <summary>
/// Two dashboard instances (two Core hosts) on one MariaDB database and the real test engines: one leads the
/// background work, the other takes over when the leader dies, and the survivor marks the dead one's tasks.
/// </summary>
[Collection("infra")]
public sealed class TwoInstanceLeaderTests(InfraFixture infra, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _application = "Lead" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _containers = [];
    private readonly List<CoreHost> _hosts = [];
    private string _connection = "";

    public async Task InitializeAsync() => _connection = await infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        foreach (var name in _containers)
        {
            try
            {
                await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
    }

    private async Task<CoreHost> StartHostAsync(string id)
    {
        var host = await CoreHost.CreateAsync(DatabaseProvider.MySql, _connection, new Dictionary<string, string?>
        {
            ["Instance:Id"] = id,
            ["Cluster:LeaseSeconds"] = "6",
            ["Cluster:PollSeconds"] = "1",
            ["Cluster:TaskHeartbeatSeconds"] = "1",
            ["Cluster:TaskStaleSeconds"] = "4",
            ["Cluster:SweepSeconds"] = "1",
        });
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    // A dead process does not hand its lease over nor stamp its tasks: stop the host as if it were killed.
    private async Task KillAsync(CoreHost host)
    {
        host.Get<LeaderElection>().ReleaseOnStop = false;
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    private async Task<string> StartServiceContainerAsync(string server)
    {
        var name = $"{_application}.{server}";
        _containers.Add(name);
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = InfraFixture.BusyboxImage,
            Cmd = ["sh", "-c", "busybox sleep 300"],
            Labels = new Dictionary<string, string> { [ServiceContainerLabels.Application] = _application, [ServiceContainerLabels.Server] = server },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return name;
    }

    /// <summary>Counts the container "start" events each host's bus carries for the containers of this test.</summary>
    private sealed class StartCounter : IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public ConcurrentDictionary<(string Host, string Container), int> Starts { get; } = new();

        public void Watch(string hostName, CoreHost host, string application) =>
            _subscriptions.Add(host.Get<LiveEventBus>().Subscribe(liveEvent =>
            {
                if (liveEvent is ContainerChanged { Action: "start" } changed && changed.ContainerName.StartsWith(application + ".", StringComparison.Ordinal))
                {
                    Starts.AddOrUpdate((hostName, changed.ContainerName), 1, (_, n) => n + 1);
                }

                return Task.CompletedTask;
            }));

        public int Total(string container) => Starts.Where(s => s.Key.Container == container).Sum(s => s.Value);

        public int Of(string host, string container) => Starts.GetValueOrDefault((host, container));

        public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Only_the_leader_watches_the_engines_and_the_other_takes_over_within_ten_seconds_with_no_event_lost_or_doubled()
    {
        var a = await StartHostAsync("inst-a");
        await a.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = infra.Node1.Name, Endpoint = infra.Node1.Endpoint, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var b = await StartHostAsync("inst-b");
        Assert.True(a.Get<LeaderElection>().IsLeader);
        Assert.False(b.Get<LeaderElection>().IsLeader);
        await a.Get<EngineEventWatcher>().WhenWatchingAsync(infra.Node1.Name).WaitAsync(TimeSpan.FromSeconds(15));

        using var counter = new StartCounter();
        counter.Watch("a", a, _application);
        counter.Watch("b", b, _application);

        var first = await StartServiceContainerAsync("First");
        await Eventually.TrueAsync(() => counter.Total(first) >= 1, "the first start is seen", TimeSpan.FromSeconds(10));
        // Long enough for a second watcher's copy to have arrived, had there been one.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal((1, 0), (counter.Of("a", first), counter.Of("b", first)));

        // The leader dies: its lease runs out (6 s) and the follower, trying every second, leads and watches.
        var gained = b.Get<LeaderElection>().WhenLeaderAsync();
        var sinceDeath = Stopwatch.StartNew();
        await KillAsync(a);
        // Started while nobody leads: the engine replays it to the new leader from where the old one stopped.
        var inGap = await StartServiceContainerAsync("Gap");
        Assert.False(b.Get<LeaderElection>().IsLeader);
        await gained.WaitAsync(TimeSpan.FromSeconds(10));
        var takeover = sinceDeath.Elapsed;
        output.WriteLine($"takeover after the leader died: {takeover.TotalSeconds:F1} s (lease 6 s, poll 1 s)");
        Assert.True(takeover < TimeSpan.FromSeconds(10), $"took over after {takeover}");
        await b.Get<EngineEventWatcher>().WhenWatchingAsync(infra.Node1.Name).WaitAsync(TimeSpan.FromSeconds(10));

        var second = await StartServiceContainerAsync("Second");
        await Eventually.TrueAsync(() => counter.Total(second) >= 1, "the start after the failover is seen", TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, counter.Of("b", second));
        Assert.Equal(1, counter.Total(second));
        // Nothing lost over the gap, nothing handled twice.
        Assert.Equal((0, 1), (counter.Of("a", inGap), counter.Of("b", inGap)));
        Assert.Equal(1, counter.Total(first));
    }

    [Fact]
    public async Task A_task_of_an_instance_that_died_is_marked_interrupted_by_the_survivor_and_a_live_ones_is_left_alone()
    {
        var a = await StartHostAsync("inst-a");
        var b = await StartHostAsync("inst-b");

        async Task<string> RunningTaskAsync(CoreHost owner)
        {
            // As ServiceLifecycle does: the owner is recorded before the task's rows, then stamped while it runs.
            var taskNo = TaskNumbers.NewTaskNo(TimeProvider.System);
            await owner.Get<TaskOwnership>().ClaimAsync(taskNo);
            await owner.Get<TaskRepository>().InsertAsync(new TaskRow { TaskNo = taskNo, CreateTime = DateTime.UtcNow },
                [new TaskItemRow { TaskNo = taskNo, ItemNo = TaskNumbers.ItemNo(taskNo, 0), Command = "restart", Status = (int)TaskItemStatus.Running, Log = "pulling" }]);
            return taskNo;
        }

        var ofA = await RunningTaskAsync(a);
        var ofB = await RunningTaskAsync(b);
        var tasks = b.Get<TaskRepository>();

        // While both live and stamp their tasks, the leader's sweeps (every second) leave both tasks alone.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal((int)TaskItemStatus.Running, (await tasks.ListItemsAsync(ofA))[0].Status);

        var sinceDeath = Stopwatch.StartNew();
        await KillAsync(a);
        await Eventually.TrueAsync(async () => (await tasks.ListItemsAsync(ofA))[0].Status == (int)TaskItemStatus.Failed, "the dead instance's task is marked", TimeSpan.FromSeconds(20));
        output.WriteLine($"dead instance's task marked after {sinceDeath.Elapsed.TotalSeconds:F1} s (stale after 4 s, sweep every 1 s)");

        var item = (await tasks.ListItemsAsync(ofA))[0];
        Assert.Equal("pulling\n" + InterruptedTaskRecovery.InterruptedBy("inst-a"), item.Log);
        Assert.NotNull(item.EndTime);
        Assert.True(b.Get<LeaderElection>().IsLeader);
        Assert.Equal((int)TaskItemStatus.Running, (await tasks.ListItemsAsync(ofB))[0].Status);
        Assert.Equal("inst-b", (await b.Get<TaskOwnerRepository>().GetAsync(ofB))!.Owner);
    }
}
