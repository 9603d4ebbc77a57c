using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// History search of a large service log file: <c>BENCH_SEEK_LINES</c> (10,000,000) Tars-style lines (~100 bytes, ~1 GB)
/// spanning the last two hours, uploaded into a container. For the last 5 minutes, the last hour and the whole two hours, the search as the
/// product runs it (<see cref="FileTimeSeek"/> bisects the file, then reads from there) against the same scan of the
/// file read from its start (as before the seek); the bisection's own time; median of 3 rounds, interleaved, the order alternating. Both must
/// find the same matches.
/// </summary>
internal static class LogFileSeekBenchmark
{
    private static readonly int Lines = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SEEK_LINES"), out var lines) ? lines : 10_000_000;
    private const int Rounds = 3;
    private const string Path = "/tmp/app.log";

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting a docker engine...");
        await using var lab = await LogLab.StartAsync(cancellationToken);
        await using var container = await BenchContainer.StartAsync(lab.Engine, "Seek.Server",
            ["sh", "-c", "busybox mkdir -p /tmp; trap 'exit 0' TERM; while true; do busybox usleep 100000; done"], cancellationToken: cancellationToken);
        var now = DateTimeOffset.UtcNow;
        Console.WriteLine($"Writing {Lines:N0} lines (two hours) into {Path}...");
        var size = await UploadAsync(lab, container, now, cancellationToken);
        using var dashboard = await LogDashboard.StartAsync(lab, bufferCapacity: 10_000, cancellationToken);
        var id = LogSourceId.ForFile(LogDashboard.NodeName, container.Name, Path);
        var client = dashboard.Get<DockerClientPool>().For((await dashboard.Get<NodeRepository>().GetAsync(LogDashboard.NodeName, cancellationToken))!);
        var needle = LogSearch.TryCreate("needle", useRegex: false, matchCase: true, out _)!;

        Console.WriteLine($"File: {size / 1024.0 / 1024.0:0.0} MiB. Warming up...");
        var whole = LogTimeRange.Last(TimeSpan.FromHours(2.1), now);
        await SeekAsync(dashboard, id, new LogRangeQuery(whole, needle), cancellationToken);
        await FromStartAsync(client, id, new LogRangeQuery(whole, needle), cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"History search of a {Lines:N0}-line file ({size / 1024.0 / 1024.0:0} MiB), text 'needle' (median of {Rounds} rounds)");
        foreach (var (label, span) in new[] { ("last 5 minutes", TimeSpan.FromMinutes(5)), ("last hour", TimeSpan.FromHours(1)), ("whole 2 hours", TimeSpan.FromHours(2.1)) })
        {
            var query = new LogRangeQuery(LogTimeRange.Last(span, now.AddSeconds(1)), needle);
            var seek = new List<(double Ms, long Matches, long Scanned)>();
            var start = new List<(double Ms, long Matches, long Scanned)>();
            var probe = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                await FileTimeSeek.StartAsync(client, id, TimeZoneInfo.Utc, query.Range.From, minBytes: 0, cancellationToken);
                probe.Add(watch.Elapsed.TotalMilliseconds);
                // Which goes first alternates, so neither always finds the other's pages in the cache.
                if (round % 2 == 0)
                {
                    seek.Add(await SeekAsync(dashboard, id, query, cancellationToken));
                    start.Add(await FromStartAsync(client, id, query, cancellationToken));
                }
                else
                {
                    start.Add(await FromStartAsync(client, id, query, cancellationToken));
                    seek.Add(await SeekAsync(dashboard, id, query, cancellationToken));
                }
            }

            if (seek.Any(s => s.Matches != start[0].Matches || s.Scanned != start[0].Scanned) || start.Any(s => s.Matches != start[0].Matches))
            {
                throw new InvalidOperationException($"{label}: the seek found {seek[0].Matches} matches in {seek[0].Scanned} lines, "
                    + $"the read from the start {start[0].Matches} in {start[0].Scanned}.");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label,-15} {start[0].Scanned,9:N0} lines in range, {start[0].Matches} match(es): with the seek {Median(seek.Select(s => s.Ms)),7:0} ms "
                + $"(the seek alone {Median(probe),4:0} ms), from the start {Median(start.Select(s => s.Ms)),7:0} ms, "
                + $"{Median(start.Select(s => s.Ms)) / Median(seek.Select(s => s.Ms)),5:0.0}x"));
        }
    }

    // One needle near the start, one about two minutes before the end; the lines evenly over two hours. Written
    // straight into a tar file on disk, so a gigabyte never sits in memory.
    private static async Task<long> UploadAsync(LogLab lab, BenchContainer container, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var content = System.IO.Path.GetTempFileName();
        var tarPath = System.IO.Path.GetTempFileName();
        try
        {
            var step = TimeSpan.FromHours(2).TotalMilliseconds / Lines;
            var start = end.AddHours(-2);
            await using (var file = new StreamWriter(content, append: false, new UTF8Encoding(false), 1 << 20))
            {
                for (var i = 0; i < Lines; i++)
                {
                    await file.WriteAsync(start.AddMilliseconds(i * step).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
                    await file.WriteAsync(i == Lines / 200 || i == Lines - Lines / 60 ? "|42|ERROR|needle: payment " : "|42|INFO|request handled in 3 ms, payment ");
                    await file.WriteAsync(i.ToString(CultureInfo.InvariantCulture));
                    await file.WriteAsync(" abcdefghijklmnopqrstuvwxyz0123456789\n");
                }
            }

            await using (var tar = File.Create(tarPath))
            await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                await using var data = File.OpenRead(content);
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "app.log") { DataStream = data }, cancellationToken);
            }

            // The container makes /tmp as it starts: try until it is there.
            for (var attempt = 0; ; attempt++)
            {
                await using var tar = File.OpenRead(tarPath);
                using var body = new StreamContent(tar);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                using var response = await lab.Engine.ApiClient.PutAsync($"/containers/{container.Id}/archive?path=/tmp", body, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return new FileInfo(content).Length;
                }

                if (attempt == 50)
                {
                    response.EnsureSuccessStatusCode();
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        finally
        {
            File.Delete(content);
            File.Delete(tarPath);
        }
    }

    private static async Task<(double Ms, long Matches, long Scanned)> SeekAsync(LogDashboard dashboard, LogSourceId id, LogRangeQuery query,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var last = await LastAsync(await dashboard.Logs.SearchRangeAsync(LogDashboard.Admin, id, query, cancellationToken), cancellationToken);
        return (watch.Elapsed.TotalMilliseconds, last.MatchCount, last.Scanned);
    }

    // The search as it ran before the seek: the whole file through cat, the same scanner.
    private static async Task<(double Ms, long Matches, long Scanned)> FromStartAsync(Docker.DotNet.IDockerClient client, LogSourceId id, LogRangeQuery query,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lines = FullLogReader.ReadFileAsync(client, id, TimeZoneInfo.Utc, strict: true, cancellationToken);
        var last = await LastAsync(LogRangeScanner.ScanAsync(lines, query, stopPastEnd: true, cancellationToken), cancellationToken);
        return (watch.Elapsed.TotalMilliseconds, last.MatchCount, last.Scanned);
    }

    private static async Task<LogRangeBatch> LastAsync(IAsyncEnumerable<LogRangeBatch> batches, CancellationToken cancellationToken)
    {
        LogRangeBatch? last = null;
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            last = batch;
        }

        return last ?? throw new InvalidOperationException("The search gave no batch.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
