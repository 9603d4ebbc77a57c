using System.Diagnostics;
using TarsDashboard.Core.Cluster;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>
/// The leader lease and task ownership on the dashboard's database; each provider runs all of them through a subclass.
/// Two "instances" are two owner names on one database: the lease is decided by the database alone.
/// </summary>
public abstract class ClusterDataContract
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync(IDictionary<string, string?>? settings = null) =>
        await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync(), settings);

    [Fact]
    public async Task One_holder_at_a_time_and_a_lease_not_renewed_passes_to_the_other_within_its_length()
    {
        await using var host = await MigratedHostAsync();
        var leases = host.Get<LeaseRepository>();

        Assert.True(await leases.TryTakeAsync("leader", "A", 3));
        Assert.Equal("A", await leases.HolderAsync("leader"));

        // A renews every half second for four seconds (longer than the lease): B never gets it.
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(4))
        {
            Assert.True(await leases.TryTakeAsync("leader", "A", 3));
            Assert.False(await leases.TryTakeAsync("leader", "B", 3));
            await Task.Delay(500);
        }

        // A stops renewing: B, trying every quarter second, has it once the lease ran out, not before.
        var sinceLastRenewal = Stopwatch.StartNew();
        Assert.True(await leases.TryTakeAsync("leader", "A", 3));
        while (!await leases.TryTakeAsync("leader", "B", 3))
        {
            Assert.True(sinceLastRenewal.Elapsed < TimeSpan.FromSeconds(10), "B did not get the lease within 10 s");
            await Task.Delay(250);
        }

        // MySQL's datetime keeps whole seconds, so a 3 s lease may end up to a second early.
        Assert.InRange(sinceLastRenewal.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(5));
        Assert.Equal("B", await leases.HolderAsync("leader"));

        // A comes back and keeps trying: while B renews, A never steals it back.
        for (var i = 0; i < 8; i++)
        {
            Assert.False(await leases.TryTakeAsync("leader", "A", 3));
            Assert.True(await leases.TryTakeAsync("leader", "B", 3));
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once_and_leases_are_independent_by_name()
    {
        await using var host = await MigratedHostAsync();
        var leases = host.Get<LeaseRepository>();

        Assert.True(await leases.TryTakeAsync("leader", "A", 60));
        Assert.True(await leases.TryTakeAsync("other", "B", 60));
        Assert.False(await leases.TryTakeAsync("leader", "B", 60));
        Assert.Equal(0, await leases.ReleaseAsync("leader", "B"));

        Assert.Equal(1, await leases.ReleaseAsync("leader", "A"));
        Assert.Null(await leases.HolderAsync("leader"));
        Assert.True(await leases.TryTakeAsync("leader", "B", 60));
        Assert.Equal("B", await leases.HolderAsync("leader"));
        Assert.Equal("B", await leases.HolderAsync("other"));
    }

    [Fact]
    public async Task Racing_instances_never_both_take_a_free_lease()
    {
        await using var host = await MigratedHostAsync();
        var leases = host.Get<LeaseRepository>();

        for (var round = 0; round < 5; round++)
        {
            var name = $"race-{round}";
            var takes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => leases.TryTakeAsync(name, $"I{i}", 60))));
            Assert.Single(takes, t => t);
        }
    }

    [Fact]
    public async Task The_host_leads_at_once_alone_and_a_second_instance_follows()
    {
        var connection = await CreateEmptyDatabaseAsync();
        var a = await CoreHost.CreateAsync(Provider, connection, new Dictionary<string, string?> { ["Instance:Id"] = "host-a" });
        await using var disposeA = new DisposeOnce(a);
        await a.StartAsync();
        var leaderA = a.Get<LeaderElection>();
        Assert.True(leaderA.IsLeader);
        Assert.False(leaderA.LeaderToken.IsCancellationRequested);

        await using var b = await CoreHost.CreateAsync(Provider, connection, new Dictionary<string, string?>
        {
            ["Instance:Id"] = "host-b", ["Cluster:PollSeconds"] = "0.25",
        });
        await b.StartAsync();
        var leaderB = b.Get<LeaderElection>();
        Assert.False(leaderB.IsLeader);
        Assert.True(leaderB.LeaderToken.IsCancellationRequested);
        var gained = leaderB.WhenLeaderAsync();

        // A clean stop hands the lease over at once instead of after it runs out.
        var term = leaderA.LeaderToken;
        await disposeA.DisposeAsync();
        Assert.True(term.IsCancellationRequested);
        var token = await gained.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(leaderB.IsLeader);
        Assert.False(token.IsCancellationRequested);
        Assert.Equal("host-b", await b.Get<LeaseRepository>().HolderAsync(LeaderElection.LeaseName));
    }

    [Fact]
    public async Task A_leader_that_loses_the_lease_stops_its_work_and_runs_it_again_when_it_leads_again()
    {
        var connection = await CreateEmptyDatabaseAsync();
        var fast = (string id) => new Dictionary<string, string?>
        {
            ["Instance:Id"] = id, ["Cluster:PollSeconds"] = "0.25", ["Cluster:LeaseSeconds"] = "3", ["Cluster:SweepSeconds"] = "0.25",
            ["Cluster:TaskHeartbeatSeconds"] = "0.25",
        };
        await using var a = await CoreHost.CreateAsync(Provider, connection, fast("host-a"));
        var sweeps = 0;
        a.Get<CutOffTaskSweeper>().Swept += _ => Interlocked.Increment(ref sweeps);
        await a.StartAsync();
        var leaderA = a.Get<LeaderElection>();
        Assert.True(leaderA.IsLeader);
        await Eventually.TrueAsync(() => Volatile.Read(ref sweeps) > 0, "the leader sweeps", TimeSpan.FromSeconds(5));

        // The lease passes to B behind A's back (as if A had stalled past its length): A's next renewal fails and it
        // stops leading, and its leader work with it.
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        leaderA.LeadershipChanged += gained =>
        {
            if (!gained)
            {
                lost.TrySetResult();
            }
        };
        var leases = a.Get<LeaseRepository>();
        // (A may take the released lease back before B asks: then again.)
        while (!await leases.TryTakeAsync(LeaderElection.LeaseName, "host-b", 3))
        {
            await leases.ReleaseAsync(LeaderElection.LeaseName, "host-a");
        }

        await lost.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(leaderA.IsLeader);
        await Task.Delay(600);
        var whileFollower = Volatile.Read(ref sweeps);
        await Task.Delay(1000);
        Assert.Equal(whileFollower, Volatile.Read(ref sweeps));

        // B never renews: once its lease ran out A leads again, and its work starts over.
        await leaderA.WhenLeaderAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Volatile.Read(ref sweeps) > whileFollower, "the sweep runs again", TimeSpan.FromSeconds(5));
        Assert.Equal("host-a", await leases.HolderAsync(LeaderElection.LeaseName));
    }

    [Fact]
    public async Task Only_tasks_of_dead_owners_or_old_ownerless_ones_are_marked_interrupted()
    {
        await using var host = await MigratedHostAsync(new Dictionary<string, string?> { ["Cluster:TaskStaleSeconds"] = "20" });
        var tasks = host.Get<TaskRepository>();
        var owners = host.Get<TaskOwnerRepository>();

        async Task<string> TaskAsync(DateTime created, string? owner, int heartbeatSecondsAgo = 0)
        {
            var taskNo = TaskNumbers.NewTaskNo(TimeProvider.System);
            if (owner is not null)
            {
                await owners.ClaimAsync(taskNo, owner);
                await owners.BackdateAsync(taskNo, heartbeatSecondsAgo);
            }

            await tasks.InsertAsync(new TaskRow { TaskNo = taskNo, CreateTime = created },
            [
                new TaskItemRow { TaskNo = taskNo, ItemNo = TaskNumbers.ItemNo(taskNo, 0), Command = "start", Status = (int)TaskItemStatus.Running, Log = "pulling" },
                new TaskItemRow { TaskNo = taskNo, ItemNo = TaskNumbers.ItemNo(taskNo, 1), Command = "start", Status = (int)TaskItemStatus.Success },
            ]);
            return taskNo;
        }

        var old = DateTime.UtcNow.AddMinutes(-10);
        var deadOwner = await TaskAsync(old, "dead-instance", heartbeatSecondsAgo: 60);
        var liveOwner = await TaskAsync(old, "live-instance", heartbeatSecondsAgo: 2);
        var ownerlessOld = await TaskAsync(old, owner: null);
        var ownerlessNew = await TaskAsync(DateTime.UtcNow, owner: null);

        Assert.Equal(2, await host.Get<InterruptedTaskRecovery>().RecoverAsync());

        var dead = await tasks.ListItemsAsync(deadOwner);
        Assert.Equal([(int)TaskItemStatus.Failed, (int)TaskItemStatus.Success], dead.Select(i => i.Status ?? -1));
        Assert.Equal("pulling\n" + InterruptedTaskRecovery.InterruptedBy("dead-instance"), dead[0].Log);
        Assert.Equal("interrupted: instance dead-instance stopped while this ran; retry it", InterruptedTaskRecovery.InterruptedBy("dead-instance"));
        Assert.Null(await owners.GetAsync(deadOwner));
        Assert.Equal("pulling\n" + InterruptedTaskRecovery.InterruptedNote, (await tasks.ListItemsAsync(ownerlessOld))[0].Log);
        Assert.Equal((int)TaskItemStatus.Running, (await tasks.ListItemsAsync(liveOwner))[0].Status);
        Assert.Equal((int)TaskItemStatus.Running, (await tasks.ListItemsAsync(ownerlessNew))[0].Status);
        Assert.Equal("live-instance", (await owners.GetAsync(liveOwner))!.Owner);
    }

    [Fact]
    public async Task A_heartbeat_stamps_every_task_of_its_owner_with_the_database_clock()
    {
        await using var host = await MigratedHostAsync();
        var owners = host.Get<TaskOwnerRepository>();
        await owners.ClaimAsync("tdash-1", "A");
        await owners.ClaimAsync("tdash-2", "A");
        await owners.ClaimAsync("tdash-3", "B");
        foreach (var task in new[] { "tdash-1", "tdash-2", "tdash-3" })
        {
            await owners.BackdateAsync(task, 120);
        }

        Assert.Equal(3, (await owners.ListStaleAsync(60)).Count);
        Assert.Equal(2, await owners.HeartbeatAsync("A"));

        Assert.Equal(["tdash-3"], (await owners.ListStaleAsync(60)).Select(o => o.TaskNo));
        var stamped = (await owners.GetAsync("tdash-1"))!.HeartbeatAt;
        Assert.InRange(stamped, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    private sealed class DisposeOnce(IAsyncDisposable inner) : IAsyncDisposable
    {
        private IAsyncDisposable? _inner = inner;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _inner, null) is { } inner)
            {
                await inner.DisposeAsync();
            }
        }
    }
}
