using System.Globalization;
using System.Text;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>
/// A search of the last minutes of a large log file starts near them instead of reading the whole file: the start is
/// found by bisecting the file with dd on a real engine, and the search finds exactly what a read from the start does.
/// </summary>
[Collection("infra")]
public sealed class FileTimeSeekTests(InfraFixture infra)
{
    private const int Lines = 60_000;
    private static readonly Caller Admin = new("admin");

    // An hour of lines, one every 60 ms (about 6 MB), with a needle at the start and one five minutes before the end.
    private static DateTimeOffset TimeOf(int line, DateTimeOffset end) => end.AddHours(-1).AddMilliseconds(line * 60.0);

    private static (byte[] Bytes, long[] LineStarts) HourOfLines(DateTimeOffset end)
    {
        var text = new StringBuilder(Lines * 110);
        var starts = new long[Lines];
        for (var i = 0; i < Lines; i++)
        {
            starts[i] = text.Length; // ASCII: characters are bytes
            var at = TimeOf(i, end).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var what = i is 1_000 or 55_000 ? $"ERROR needle {i}" : $"INFO filler line {i} with some padding to make it a typical length";
            text.Append(at).Append("|42|").Append(what).Append('\n');
        }

        return (Encoding.ASCII.GetBytes(text.ToString()), starts);
    }

    [Fact]
    public async Task The_last_ten_minutes_of_a_large_file_are_read_from_near_their_start_and_nothing_in_them_is_missed()
    {
        // Whole milliseconds, as the file's stamps have them, so the range's first line is exactly the one computed here.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var (file, lineStarts) = HourOfLines(now);
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Seek"),
            "busybox mkdir -p /tmp; echo ready; trap 'exit 0' TERM; while true; do busybox usleep 100000; done");
        await Eventually.TrueAsync(async () => (await container.ReadEngineLogAsync()).Contains("ready"), "the container did not start");
        await container.WriteFileAsync("/tmp", "big.log", file);
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Logs:FileTimeZone"] = "UTC", ["Logs:FileSeekMinMegabytes"] = "1" });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        var id = LogSourceId.ForFile("node1", container.Name, "/tmp/big.log");
        var range = LogTimeRange.Last(TimeSpan.FromMinutes(10), now);

        // The start: on a block boundary, before the range's first line and within the search's slack of it.
        var firstInRange = Enumerable.Range(0, Lines).First(i => TimeOf(i, now) >= range.From);
        var client = host.Get<DockerClientPool>().For((await host.Get<NodeRepository>().GetAsync("node1"))!);
        var start = (await FileTimeSeek.StartAsync(client, id, TimeZoneInfo.Utc, range.From, minBytes: 0, CancellationToken.None))!.Offset;
        Assert.Equal(0, start % FileTimeSeek.BlockSize);
        Assert.InRange(start, lineStarts[firstInRange] - (FileTimeSeek.SlackBlocks + 2) * FileTimeSeek.BlockSize, lineStarts[firstInRange]);

        // The search: the one needle of the range, and every line of the range counted.
        var query = new LogRangeQuery(range, LogSearch.TryCreate("needle", false, matchCase: false, out _)!, null);
        var matches = new List<LogLine>();
        LogRangeBatch? last = null;
        await foreach (var batch in await host.Get<LogStreamManager>().SearchRangeAsync(Admin, id, query))
        {
            matches.AddRange(batch.Matches);
            last = batch;
        }

        Assert.Contains("needle 55000", Assert.Single(matches).Text, StringComparison.Ordinal);
        Assert.Equal(Lines - firstInRange, last!.Scanned);
    }
}
