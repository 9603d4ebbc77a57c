using System.Globalization;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>History searched over a time range on a real engine: the engine's log cut by since/until, a file read to its end.</summary>
[Collection("infra")]
public sealed class LogRangeSearchTests(InfraFixture infra)
{
    private const int Filler = 3_000;
    private static readonly Caller Admin = new("admin");

    private async Task<CoreHost> HostAsync()
    {
        // A ring of 100 lines: anything older is only found by reading the history.
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Logs:BufferCapacity"] = "100" });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        return host;
    }

    private static LogRangeQuery Query(LogTimeRange range, string pattern = "", bool regex = false, IReadOnlySet<LogSeverity>? levels = null) =>
        new(range, LogSearch.TryCreate(pattern, regex, matchCase: false, out _)!, levels);

    private static async Task<(List<LogLine> Matches, LogRangeBatch Last)> RunAsync(IAsyncEnumerable<LogRangeBatch> batches)
    {
        var matches = new List<LogLine>();
        LogRangeBatch? last = null;
        await foreach (var batch in batches)
        {
            matches.AddRange(batch.Matches);
            last = batch;
        }

        return (matches, last!);
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    // A service log file: one ERROR line ten minutes old, then 3,000 lines from a minute ago.
    private static string TenMinutesScript(DateTimeOffset now) =>
        $"busybox mkdir -p /tmp; echo \"{Stamp(now.AddMinutes(-10))} ERROR needle from ten minutes ago\" > /tmp/app.log; "
        + $"i=0; while [ $i -lt {Filler} ]; do i=$((i+1)); echo \"{Stamp(now.AddMinutes(-1))} INFO filler $i\" >> /tmp/app.log; done; echo written; "
        + "trap 'exit 0' TERM; while true; do busybox usleep 100000; done";

    private async Task<TestContainer> StartTenMinutesFileAsync(DateTimeOffset now)
    {
        var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Hist"), TenMinutesScript(now));
        await Eventually.TrueAsync(async () => (await container.ReadEngineLogAsync()).Contains("written"), "the file was not written");
        return container;
    }

    [Fact]
    public async Task A_range_search_finds_a_file_line_from_ten_minutes_ago_that_the_ring_no_longer_holds()
    {
        await using var host = await HostAsync();
        var now = DateTimeOffset.UtcNow;
        await using var container = await StartTenMinutesFileAsync(now);
        var id = LogSourceId.ForFile("node1", container.Name, "/tmp/app.log");
        var logs = host.Get<LogStreamManager>();
        await using (var live = await logs.OpenAsync(Admin, id))
        {
            Assert.DoesNotContain(live.Snapshot(), l => l.Text.Contains("needle", StringComparison.Ordinal));
        }

        var (matches, last) = await RunAsync(await logs.SearchRangeAsync(Admin, id, Query(LogTimeRange.Last(TimeSpan.FromHours(1), now), "needle")));

        var found = Assert.Single(matches);
        Assert.Contains("needle from ten minutes ago", found.Text, StringComparison.Ordinal);
        Assert.Equal(now.AddMinutes(-10).ToUnixTimeMilliseconds(), found.Timestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(Filler + 1, last.Scanned);
        Assert.Equal(1, last.MatchCount);
        Assert.Equal(1, last.Progress);
        Assert.False(last.LimitReached);
    }

    [Fact]
    public async Task The_last_five_minutes_leave_the_old_line_out_and_a_level_filter_keeps_only_errors()
    {
        await using var host = await HostAsync();
        var now = DateTimeOffset.UtcNow;
        await using var container = await StartTenMinutesFileAsync(now);
        var id = LogSourceId.ForFile("node1", container.Name, "/tmp/app.log");
        var logs = host.Get<LogStreamManager>();

        var (recent, recentLast) = await RunAsync(await logs.SearchRangeAsync(Admin, id, Query(LogTimeRange.Last(TimeSpan.FromMinutes(5), now), "needle")));
        var (errors, _) = await RunAsync(await logs.SearchRangeAsync(Admin, id,
            Query(LogTimeRange.Last(TimeSpan.FromHours(1), now), levels: new HashSet<LogSeverity> { LogSeverity.Error })));

        Assert.Empty(recent);
        Assert.Equal(Filler, recentLast.Scanned);
        Assert.Equal("needle from ten minutes ago", Assert.Single(errors).Text[^27..]);
    }

    [Fact]
    public async Task A_container_log_is_cut_to_the_range_by_the_engine()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Hist"),
            "echo early; busybox sleep 2; echo middle; busybox sleep 2; echo late; trap 'exit 0' TERM; while true; do busybox usleep 100000; done");
        await Eventually.TrueAsync(async () => (await container.ReadEngineLogAsync()).Contains("late"), "the container did not write its lines");
        var id = LogSourceId.ForContainer("node1", container.Name);
        var logs = host.Get<LogStreamManager>();
        var all = new List<LogLine>();
        await foreach (var batch in await logs.OpenFullAsync(Admin, id))
        {
            all.AddRange(batch);
        }

        var middle = all.Single(l => l.Text == "middle").Timestamp!.Value;
        var (matches, last) = await RunAsync(await logs.SearchRangeAsync(Admin, id, Query(LogTimeRange.Around(middle, TimeSpan.FromSeconds(1)))));

        Assert.Equal(["middle"], matches.Select(l => l.Text));
        Assert.Equal(1, last.Scanned);
    }

    [Fact]
    public async Task A_regex_search_stops_at_the_match_limit_and_says_so()
    {
        await using var host = await HostAsync();
        var now = DateTimeOffset.UtcNow;
        await using var container = await StartTenMinutesFileAsync(now);
        var id = LogSourceId.ForFile("node1", container.Name, "/tmp/app.log");
        var query = Query(LogTimeRange.Last(TimeSpan.FromHours(1), now), @"filler \d+0$", regex: true) with { MaxMatches = 50 };

        var (matches, last) = await RunAsync(await host.Get<LogStreamManager>().SearchRangeAsync(Admin, id, query));

        Assert.Equal(50, matches.Count);
        Assert.Equal("filler 500", matches[^1].Text[^10..]);
        Assert.True(last.LimitReached);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_ends_the_search_with_the_reason()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Hist"), TestContainer.CounterScript);
        var id = LogSourceId.ForFile("node1", container.Name, "/tmp/none.log");
        var batches = await host.Get<LogStreamManager>().SearchRangeAsync(Admin, id, Query(LogTimeRange.Last(TimeSpan.FromHours(1), DateTimeOffset.UtcNow)));

        var error = await Assert.ThrowsAsync<IOException>(() => RunAsync(batches));

        Assert.Contains("No such file", error.Message, StringComparison.Ordinal);
        Assert.Contains("/tmp/none.log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_developer_without_a_grant_is_refused_before_anything_is_read()
    {
        await using var host = await HostAsync();
        var query = Query(LogTimeRange.Last(TimeSpan.FromHours(1), DateTimeOffset.UtcNow));

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            host.Get<LogStreamManager>().SearchRangeAsync(new Caller("dev1"), LogSourceId.ForContainer("node1", "Other.Server"), query));
    }
}
