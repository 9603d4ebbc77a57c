using System.Globalization;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>
/// Tars writes its log stamps in the node's local time without a zone. On a node in China a file's
/// "12:00:00" is 04:00 UTC: read so, its lines are found by the history ranges that hold them and merge in time with
/// the container output. The zone comes from the engine itself (a dockerd running with TZ=Asia/Shanghai here), or
/// from Logs:FileTimeZone.
/// </summary>
[Collection("infra")]
public sealed class NodeTimeZoneTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static string LocalStamp(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Shanghai).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    // One ERROR line ten minutes old, one INFO line of now, both in Shanghai's local time as a Tars service there writes them.
    private static string Script(DateTimeOffset now) =>
        $"busybox mkdir -p /tmp; echo \"{LocalStamp(now.AddMinutes(-10))}|42|ERROR|needle from ten minutes ago\" > /tmp/app.log; "
        + $"echo \"{LocalStamp(now)}|42|INFO|written now\" >> /tmp/app.log; echo written; "
        + "trap 'exit 0' TERM; while true; do busybox usleep 100000; done";

    private static async Task AssertReadInShanghaiTimeAsync(CoreHost host, DockerEngineInstance engine, string node)
    {
        var now = DateTimeOffset.UtcNow;
        await using var container = await TestContainer.StartAsync(engine, TestContainer.NewServiceName("Zone"), Script(now));
        await Eventually.TrueAsync(async () => (await container.ReadEngineLogAsync()).Contains("written"), "the file was not written");
        var id = LogSourceId.ForFile(node, container.Name, "/tmp/app.log");
        var logs = host.Get<LogStreamManager>();

        // History: the last hour holds the old line at its true instant.
        var query = new LogRangeQuery(LogTimeRange.Last(TimeSpan.FromHours(1), now.AddSeconds(5)),
            LogSearch.TryCreate("needle", false, matchCase: false, out _)!, null);
        var matches = new List<LogLine>();
        await foreach (var batch in await logs.SearchRangeAsync(Admin, id, query))
        {
            matches.AddRange(batch.Matches);
        }

        var found = Assert.Single(matches);
        Assert.Equal(now.AddMinutes(-10).ToUnixTimeMilliseconds(), found.Timestamp!.Value.ToUnixTimeMilliseconds());

        // Live: the followed file's line of now carries now, not a time eight hours ahead.
        await using var live = await logs.OpenAsync(Admin, id);
        await Eventually.TrueAsync(() => Task.FromResult(live.Snapshot().Any(l => l.Text.Contains("written now", StringComparison.Ordinal))),
            "the followed file's lines did not arrive");
        var fresh = live.Snapshot().Single(l => l.Text.Contains("written now", StringComparison.Ordinal));
        Assert.Equal(now.ToUnixTimeMilliseconds(), fresh.Timestamp!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_file_on_a_node_whose_engine_runs_in_Shanghai_time_is_read_in_that_zone()
    {
        // A private engine in another zone: the shared nodes run in this machine's.
        await using var engine = new DockerEngineInstance("tz8", timeZone: "Asia/Shanghai");
        await engine.StartAsync();
        await engine.ImportBusyboxImageAsync(InfraFixture.BusyboxImage);
        await using var host = await CoreHost.CreateSqliteAsync();
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "shanghai", Endpoint = engine.Endpoint });

        await AssertReadInShanghaiTimeAsync(host, engine, "shanghai");
    }

    [Fact]
    public async Task The_file_time_zone_setting_wins_over_the_engines_zone()
    {
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Logs:FileTimeZone"] = "Asia/Shanghai" });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });

        await AssertReadInShanghaiTimeAsync(host, infra.Node1, "node1");
    }
}
