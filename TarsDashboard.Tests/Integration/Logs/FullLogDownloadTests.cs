using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>The whole log of a source read through Core on a real engine, beyond what the ring buffer keeps.</summary>
[Collection("infra")]
public sealed class FullLogDownloadTests(InfraFixture infra)
{
    private const int Written = 2_500;
    private static readonly Caller Admin = new("admin");

    // A fixed test script: 2,500 numbered lines, half on stderr, then it waits to be removed.
    private static readonly string BurstScript =
        $"i=0; while [ $i -lt {Written} ]; do i=$((i+1)); if [ $((i % 2)) -eq 0 ]; then echo \"line $i\" >&2; else echo \"line $i\"; fi; done; "
        + "trap 'exit 0' TERM; while true; do busybox usleep 100000; done";

    private async Task<CoreHost> HostAsync()
    {
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Logs:BufferCapacity"] = "100" });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        return host;
    }

    private static async Task<List<LogLine>> ReadAllAsync(IAsyncEnumerable<IReadOnlyList<LogLine>> batches)
    {
        var lines = new List<LogLine>();
        await foreach (var batch in batches)
        {
            lines.AddRange(batch);
        }

        return lines;
    }

    private static async Task WaitForLinesAsync(TestContainer container, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await container.ReadEngineLogAsync()).Length < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the container did not write {count} lines");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_full_log_of_a_container_has_every_line_the_engine_keeps_not_only_the_retained_window()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Burst"), BurstScript);
        await WaitForLinesAsync(container, Written);
        var id = LogSourceId.ForContainer("node1", container.Name);
        var logs = host.Get<LogStreamManager>();
        await using (var subscription = await logs.OpenAsync(Admin, id))
        {
            Assert.Equal(100, subscription.Snapshot().Count);
        }

        var lines = await ReadAllAsync(await logs.OpenFullAsync(Admin, id));

        Assert.Equal(await container.ReadEngineLogAsync(), lines.Select(l => l.Text));
        Assert.Equal(Written, lines.Count);
        Assert.All(lines, l => Assert.NotNull(l.Timestamp));
        Assert.Equal(Written / 2, lines.Count(l => l.Stream == LogStream.Stderr));
    }

    [Fact]
    public async Task The_full_log_of_a_file_is_read_from_its_first_line_through_the_engine()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Files"),
            $"busybox mkdir -p /tmp; i=0; while [ $i -lt {Written} ]; do i=$((i+1)); echo \"row $i\" >> /tmp/app.log; done; echo done; "
            + "trap 'exit 0' TERM; while true; do busybox usleep 100000; done");
        await WaitForLinesAsync(container, 1);

        var lines = await ReadAllAsync(await host.Get<LogStreamManager>().OpenFullAsync(Admin, LogSourceId.ForFile("node1", container.Name, "/tmp/app.log")));

        Assert.Equal(Enumerable.Range(1, Written).Select(i => $"row {i}"), lines.Select(l => l.Text));
    }

    [Fact]
    public async Task A_file_that_does_not_exist_ends_with_the_reason_not_an_exception()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Files"), TestContainer.CounterScript);

        var lines = await ReadAllAsync(await host.Get<LogStreamManager>().OpenFullAsync(Admin, LogSourceId.ForFile("node1", container.Name, "/tmp/none.log")));

        Assert.Contains(lines, l => l.Stream == LogStream.Stderr && l.Text.Contains("No such file", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Stream == LogStream.System && l.Text.Contains("exit code 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_container_that_does_not_exist_is_reported_before_any_line()
    {
        await using var host = await HostAsync();

        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            host.Get<LogStreamManager>().OpenFullAsync(Admin, LogSourceId.ForContainer("node1", "No.Such")));
    }

    [Fact]
    public async Task A_developer_may_not_read_the_full_log_of_another_service()
    {
        await using var host = await HostAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Mine"));

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            host.Get<LogStreamManager>().OpenFullAsync(new Caller("dev1"), LogSourceId.ForContainer("node1", "Other.Server")));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            host.Get<LogStreamManager>().OpenFullAsync(new Caller("dev1"), LogSourceId.ForNodeJournal("node1")));
    }
}
