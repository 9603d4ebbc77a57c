using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Monitoring;

/// <summary>Container stats through Core on a real engine: samples, sharing, recording and grants.</summary>
[Collection("infra")]
public sealed class ResourceStreamTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");
    private static readonly Caller Developer = new("dev1");

    private async Task<CoreHost> HostAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Monitoring:LingerSeconds"] = "0.5", ["Monitoring:RecordHistory"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await CoreHost.CreateSqliteAsync(all);
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        return host;
    }

    private static (string App, string Server) Split(string name) => (name[..name.IndexOf('.')], name[(name.IndexOf('.') + 1)..]);

    [Fact]
    public async Task A_container_that_allocates_memory_shows_rising_memory_in_its_samples()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Mem"), MemoryGrowth.Script);
        var (app, server) = Split(container.Name);
        using var follower = await host.Get<ResourceMonitor>().FollowAsync(Admin, "node1", app, server);
        var samples = new Collector<ResourceSample>();
        follower.Sampled += s => samples.AddRange([s]);

        await samples.WaitUntilAsync(s => s.Count >= 2 && s[^1].MemoryUsed - s[0].MemoryUsed > 24L * 1024 * 1024, "memory up by 24 MiB");

        var all = samples.Items;
        Assert.True(all[^1].MemoryLimit > all[^1].MemoryUsed);
        Assert.Equal(0, all[^1].Restarts);
        Assert.NotEmpty(follower.Recent());
    }

    [Fact]
    public async Task Many_followers_share_one_stream_a_newcomer_gets_the_recent_samples_and_it_stops_after_the_last_leaves()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Share"), "busybox sleep 3600");
        var (app, server) = Split(container.Name);
        var monitor = host.Get<ResourceMonitor>();
        var streams = host.Get<ResourceStreams>();
        var first = await monitor.FollowAsync(Admin, "node1", app, server);
        await Eventually.TrueAsync(() => first.Recent().Count >= 2, "two samples");

        var others = new List<ResourceFollower>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await monitor.FollowAsync(Admin, "node1", app, server));
        }

        Assert.Equal(1, streams.ActiveStreamCount);
        Assert.True(others[^1].Recent().Count >= 2);
        first.Dispose();
        foreach (var follower in others)
        {
            follower.Dispose();
        }

        await Eventually.TrueAsync(() => streams.ActiveStreamCount == 0, "the stream stopped");
    }

    [Fact]
    public async Task The_recorder_writes_history_points_of_running_service_containers()
    {
        await using var host = await HostAsync(new Dictionary<string, string?>
        {
            ["Monitoring:RecordHistory"] = "true",
            ["Monitoring:FinePointSeconds"] = "1",
            ["Monitoring:CoarsePointSeconds"] = "2",
            ["Monitoring:DiscoverySeconds"] = "1",
        });
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Rec"), "busybox sleep 3600");
        var (app, server) = Split(container.Name);
        await host.StartAsync();
        var monitor = host.Get<ResourceMonitor>();

        await Eventually.TrueAsync(async () => (await monitor.HistoryAsync(Admin, "node1", app, server, ResourceRange.LastHour)).Count >= 3,
            "three recorded points", TimeSpan.FromSeconds(30));
        Assert.Contains(new ContainerKey("node1", container.Name), host.Get<ResourceRecorder>().Recorded);
        var summary = Assert.Single(await monitor.NodeSummariesAsync(Admin), n => n.Node == "node1");
        Assert.True(summary.CpuCount > 0 && summary.MemoryTotal > 0);
        Assert.Contains(summary.WorstServices, s => s.Application == app && s.Server == server);
    }

    [Fact]
    public async Task A_container_started_after_the_recorder_is_recorded_within_seconds_from_the_engine_s_start_event()
    {
        // The listing only every 5 minutes: what starts later can only be found through the engine event stream.
        await using var host = await HostAsync(new Dictionary<string, string?>
        {
            ["Monitoring:RecordHistory"] = "true",
            ["Monitoring:FinePointSeconds"] = "1",
            ["Monitoring:CoarsePointSeconds"] = "2",
            ["Monitoring:DiscoverySeconds"] = "300",
        });
        await host.StartAsync();
        var recorder = host.Get<ResourceRecorder>();
        await Task.Delay(1000); // the first listing has run
        var started = DateTime.UtcNow;
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Late"), "busybox sleep 3600");
        var key = new ContainerKey("node1", container.Name);
        var (app, server) = Split(container.Name);
        var monitor = host.Get<ResourceMonitor>();

        await Eventually.TrueAsync(() => recorder.Recorded.Contains(key), "recording started", TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(async () => (await monitor.HistoryAsync(Admin, "node1", app, server, ResourceRange.LastHour)).Count >= 1,
            "a recorded point", TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));

        // Stopped: the die event ends the recording as promptly.
        await container.StopAsync();
        await Eventually.TrueAsync(() => !recorder.Recorded.Contains(key), "recording stopped", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_developer_without_a_grant_on_the_service_is_refused()
    {
        await using var host = await HostAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant(Developer.UserName, Role.Developer, "Mine"));
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Deny"), "busybox sleep 3600");
        var (app, server) = Split(container.Name);
        var monitor = host.Get<ResourceMonitor>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => monitor.FollowAsync(Developer, "node1", app, server));
        await Assert.ThrowsAsync<AccessDeniedException>(() => monitor.HistoryAsync(Developer, "node1", app, server, ResourceRange.LastDay));
        Assert.Equal(0, host.Get<ResourceStreams>().ActiveStreamCount);
    }
}
