using System.Diagnostics;
using TarsDashboard.Core.Cluster;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// Two instances of the web app on one MariaDB, one real redis-server and a real engine: the engine event the leader's
/// watcher raises reaches a hub client on the follower within a second, exactly once (the follower does not watch).
/// </summary>
[Collection("infra")]
public sealed class MultiInstanceEngineEventTests(InfraFixture infra)
{
    private static readonly TimeSpan CrossInstanceBudget = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_engine_event_the_leader_sees_reaches_a_hub_client_on_the_follower_once_within_a_second()
    {
        await using var redis = new RedisServerInstance();
        await redis.StartAsync();
        var database = await infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql", ["ConnectionStrings:Tars"] = database, ["Redis:Configuration"] = redis.Configuration,
            ["Cluster:LeaseSeconds"] = "6", ["Cluster:PollSeconds"] = "1",
        };
        using var a = new DashboardApp(settings);
        using var b = new DashboardApp(settings);
        await a.AddNodeAsync("node1", infra.Node1.Endpoint);
        DashboardApp[] apps = [a, b];
        await Eventually.TrueAsync(() => apps.Count(x => x.Get<LeaderElection>().IsLeader) == 1, "exactly one leader");
        await Eventually.TrueAsync(() => apps.All(x => x.Get<RedisLiveEventRelay>().IsConnected), "both relays connected");
        var follower = apps.Single(x => !x.Get<LeaderElection>().IsLeader);
        var (_, secret) = await follower.Get<ApiTokenService>().CreateAsync(new Caller("admin"), "e2e");
        var subscribers = follower.Get<LiveEventBus>().SubscriberCount;
        await using var hub = await LiveHubClient.ConnectAsync(follower.BaseUrl, secret);
        await Eventually.TrueAsync(() => follower.Get<LiveEventBus>().SubscriberCount > subscribers, "the hub stream subscribed");
        // The leader's watcher lists the nodes every few seconds and watches a new one from then on: containers started
        // until one is seen prove it watches node1.
        var watching = false;
        for (var attempt = 0; attempt < 8 && !watching; attempt++)
        {
            var warmUp = TestContainer.NewServiceName("Warm");
            await using (await TestContainer.StartAsync(infra.Node1, warmUp, "trap 'exit 0' TERM; busybox sleep 3600 & wait"))
            {
                watching = await hub.TryNextAsync(ContainerChanged.TopicName, TimeSpan.FromSeconds(3),
                    e => e.Data.GetRawText().Contains(warmUp, StringComparison.Ordinal)) is not null;
            }
        }

        Assert.True(watching, "the leader's watcher never reported a container of node1 to the follower");
        while (await hub.TryNextAsync(ContainerChanged.TopicName, TimeSpan.FromMilliseconds(500)) is not null)
        {
            // The warm-up containers' own stop and removal.
        }

        var name = TestContainer.NewServiceName("Fan");
        var stopwatch = Stopwatch.StartNew();
        await using var container = await TestContainer.StartAsync(infra.Node1, name, "trap 'exit 0' TERM; busybox sleep 3600 & wait");
        var started = stopwatch.Elapsed;

        bool Ours(Hubs.LiveEventDto e) => e.Data.GetRawText().Contains(name, StringComparison.Ordinal)
                                          && e.Data.GetRawText().Contains("start", StringComparison.OrdinalIgnoreCase);
        await hub.NextAsync(ContainerChanged.TopicName, TimeSpan.FromSeconds(10), Ours);
        var seen = stopwatch.Elapsed;

        Assert.True(seen - started < CrossInstanceBudget, $"the start reached the follower's hub {(seen - started).TotalMilliseconds:0} ms after it returned");
        Assert.Null(await hub.TryNextAsync(ContainerChanged.TopicName, TimeSpan.FromSeconds(2), Ours));
    }
}
