using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>Who may open which log source, and the journals; no engine needed (sources of an unknown node just wait).</summary>
public sealed class LogAccessTests
{
    private static readonly Caller Admin = new("admin");
    private static readonly Caller Developer = new("dev1");

    private static async Task<CoreHost> HostWithDeveloperAsync()
    {
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Logs:LingerSeconds"] = "0" });
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant(Developer.UserName, Role.Developer, "Test"));
        return host;
    }

    [Theory]
    [InlineData("container:node1:Test.Hello")]
    [InlineData("file:node1:Test.Hello:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log")]
    [InlineData("journal:service:Test.Hello")]
    public async Task A_developer_of_Test_may_follow_the_logs_of_Test_services(string source)
    {
        await using var host = await HostWithDeveloperAsync();
        var manager = host.Get<LogStreamManager>();

        await using var subscription = await manager.OpenAsync(Developer, LogSourceId.Parse(source), new LogFollowOptions { TailLines = 10 });

        Assert.Equal(source, subscription.SourceId.ToString());
    }

    [Theory]
    [InlineData("container:node1:Shop.Cart")]
    [InlineData("container:node1:tarsnode")]
    [InlineData("container:node1:0123456789ab")]
    [InlineData("file:node1:Test.Hello:/etc/passwd")]
    [InlineData("file:node1:tarsnode:/usr/local/app/tars/app_log/tars/tarsnode/tars.tarsnode.log")]
    [InlineData("journal:service:Shop.Cart")]
    [InlineData("journal:node:node1")]
    public async Task A_developer_of_Test_may_not_follow_other_services_nor_node_wide_sources(string source)
    {
        await using var host = await HostWithDeveloperAsync();
        var manager = host.Get<LogStreamManager>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => manager.OpenAsync(Developer, LogSourceId.Parse(source)));
        Assert.Equal(0, manager.ActiveSourceCount); // refused before any engine stream starts
    }

    [Fact]
    public async Task An_admin_may_follow_any_container_and_the_node_journal()
    {
        await using var host = await HostWithDeveloperAsync();
        var manager = host.Get<LogStreamManager>();

        await using var tarsnode = await manager.OpenAsync(Admin, LogSourceId.Parse("container:node1:tarsnode"), new LogFollowOptions { TailLines = 0 });
        await using var journal = await manager.OpenAsync(Admin, LogSourceId.ForNodeJournal("node1"));

        Assert.Equal(1, manager.ActiveSourceCount);
    }

    [Fact]
    public async Task Listing_another_service_s_log_files_is_refused()
    {
        await using var host = await HostWithDeveloperAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            host.Get<LogStreamManager>().ListServiceLogFilesAsync(Developer, "node1", "Shop", "Cart"));
    }

    [Fact]
    public async Task Journal_lines_reach_the_node_and_service_journals_and_followers_see_new_ones_live()
    {
        await using var host = await HostWithDeveloperAsync();
        var journal = host.Get<JournalLog>();
        var manager = host.Get<LogStreamManager>();
        journal.Write("node1", "Test.Hello", "pulling image tars/cpp:3");
        journal.Write("node1", null, "engine reachable again", LogSeverity.Info);

        await using var service = await manager.OpenAsync(Developer, LogSourceId.ForServiceJournal("Test", "Hello"));
        await using var node = await manager.OpenAsync(Admin, LogSourceId.ForNodeJournal("node1"));
        await using var followed = service.FollowAsync().GetAsyncEnumerator();
        Assert.True(await followed.MoveNextAsync());
        Assert.Equal(["[node1] pulling image tars/cpp:3"], followed.Current.Lines.Select(l => l.Text));
        Assert.Equal(LogStream.System, followed.Current.Lines[0].Stream);

        var next = followed.MoveNextAsync().AsTask();
        journal.Write("node1", "Test.Hello", "start failed:\nexit code 1", LogSeverity.Error);

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("[node1] start failed: exit code 1", Assert.Single(followed.Current.Lines).Text);
        Assert.Equal(LogSeverity.Error, followed.Current.Lines[0].Level);
        Assert.Equal(
            ["Test.Hello: pulling image tars/cpp:3", "engine reachable again", "Test.Hello: start failed: exit code 1"],
            node.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public async Task A_revoked_grant_ends_a_stream_that_is_still_following()
    {
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Logs:GrantRefreshSeconds"] = "0.2" });
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        var grant = new Grant(Developer.UserName, Role.Developer, "Test");
        await users.GrantAsync(Admin, grant);
        var journal = host.Get<JournalLog>();
        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(Developer, LogSourceId.ForServiceJournal("Test", "Hello"));
        await using var followed = subscription.FollowAsync().GetAsyncEnumerator();
        journal.Write("node1", "Test.Hello", "one");
        Assert.True(await followed.MoveNextAsync());

        await users.RevokeAsync(Admin, grant);
        await Task.Delay(300); // kept: the follower re-reads grants only after its refresh interval (set short here) has passed
        journal.Write("node1", "Test.Hello", "two");

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await followed.MoveNextAsync());
    }
}
