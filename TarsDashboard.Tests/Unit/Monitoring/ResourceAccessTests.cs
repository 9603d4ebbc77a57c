using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Monitoring;

/// <summary>Who may see which service's resources, and the sharing of one stream; no engine needed (an unknown node's stream just retries).</summary>
public sealed class ResourceAccessTests
{
    private static readonly Caller Admin = new("admin");
    private static readonly Caller Developer = new("dev1");

    private static async Task<CoreHost> HostWithDeveloperAsync()
    {
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Monitoring:LingerSeconds"] = "0",
            ["Monitoring:GrantRefreshSeconds"] = "0.2",
        });
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant(Developer.UserName, Role.Developer, "Test"));
        return host;
    }

    [Fact]
    public async Task A_developer_sees_the_resources_of_services_they_hold_grants_on_only()
    {
        await using var host = await HostWithDeveloperAsync();
        var monitor = host.Get<ResourceMonitor>();

        using (await monitor.FollowAsync(Developer, "node1", "Test", "Hello"))
        {
            Assert.Empty(await monitor.HistoryAsync(Developer, "node1", "Test", "Hello", ResourceRange.LastDay));
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => monitor.FollowAsync(Developer, "node1", "Other", "Svc"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => monitor.HistoryAsync(Developer, "node1", "Other", "Svc", ResourceRange.Last30Days));
        await Assert.ThrowsAsync<AccessDeniedException>(() => monitor.FollowAsync(new Caller("nobody"), "node1", "Test", "Hello"));
    }

    [Fact]
    public async Task A_grant_taken_away_ends_a_live_follow_and_its_stream()
    {
        await using var host = await HostWithDeveloperAsync();
        var follower = await host.Get<ResourceMonitor>().FollowAsync(Developer, "node1", "Test", "Hello");
        var ended = new TaskCompletionSource();
        follower.Ended += () => ended.TrySetResult();

        await host.Get<UserService>().RevokeAsync(Admin, new Grant(Developer.UserName, Role.Developer, "Test"));

        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(follower.Revoked);
        await Eventually.TrueAsync(() => host.Get<ResourceStreams>().ActiveStreamCount == 0, "the stream stopped");
    }

    [Fact]
    public async Task Followers_of_one_container_share_one_stream_that_stops_after_the_last_leaves()
    {
        await using var host = await HostWithDeveloperAsync();
        var monitor = host.Get<ResourceMonitor>();
        var streams = host.Get<ResourceStreams>();
        var key = new ContainerKey("node1", "Test.Hello");

        var followers = new List<ResourceFollower>();
        for (var i = 0; i < 5; i++)
        {
            followers.Add(await monitor.FollowAsync(i % 2 == 0 ? Admin : Developer, "node1", "Test", "Hello"));
        }

        Assert.Equal(1, streams.ActiveStreamCount);
        Assert.True(streams.IsRunning(key));
        followers[0].Dispose();
        followers[0].Dispose(); // twice is harmless
        Assert.True(streams.IsRunning(key));

        foreach (var follower in followers.Skip(1))
        {
            follower.Dispose();
        }

        await Eventually.TrueAsync(() => !streams.IsRunning(key), "the stream stopped after its last follower left");
        Assert.Equal(0, streams.ActiveStreamCount);
    }
}
