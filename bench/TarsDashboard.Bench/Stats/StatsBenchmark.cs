using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TarsDashboard.Bench.Logs;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;

namespace TarsDashboard.Bench.Stats;

/// <summary>
/// Server cost of resource monitoring: N idle service containers (busybox sleep) spread over 4 engines, all recorded
/// (one stats stream each), 5 live followers; prints this process's CPU and working set over a minute, the latency
/// from the engine's reading to a follower, and the 30-day history query time. N from BENCH_STATS_CONTAINERS (200).
/// </summary>
internal static class StatsBenchmark
{
    private const int Engines = 4;
    private const int Followers = 5;
    private static readonly Caller Admin = new("admin");
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_STATS_CONTAINERS"), out var n) && n > 0 ? n : 200;
        var engines = Enumerable.Range(1, Engines).Select(i => new DockerEngineInstance($"stats{i}")).ToList();
        var containers = new List<BenchContainer>();
        try
        {
            foreach (var engine in engines)
            {
                await engine.StartAsync(cancellationToken);
                await engine.ImportBusyboxImageAsync(LogLab.BusyboxImage, cancellationToken);
            }

            for (var i = 0; i < count; i++)
            {
                containers.Add(await BenchContainer.StartAsync(engines[i % Engines], $"Bench.Svc{i:000}", ["busybox", "sleep", "3600"],
                    cancellationToken: cancellationToken));
            }

            Console.WriteLine($"{count} containers on {Engines} engines started");
            await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Monitoring:DiscoverySeconds"] = "2" });
            for (var i = 0; i < Engines; i++)
            {
                await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = $"stats{i + 1}", Endpoint = engines[i].Endpoint }, cancellationToken);
            }

            await host.StartAsync();
            var recorder = host.Get<ResourceRecorder>();
            var streams = host.Get<ResourceStreams>();
            var started = Stopwatch.StartNew();
            while (recorder.Recorded.Count < count || streams.LatestOfAll().Count < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (started.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException($"only {recorder.Recorded.Count} recorded, {streams.LatestOfAll().Count} sampled");
                }

                await Task.Delay(500, cancellationToken);
            }

            Console.WriteLine($"all {count} recorded and sampled after {started.Elapsed.TotalSeconds:0.0} s");
            var monitor = host.Get<ResourceMonitor>();
            var latencies = new ConcurrentBag<double>();
            var followers = new List<ResourceFollower>();
            for (var i = 0; i < Followers; i++)
            {
                var follower = await monitor.FollowAsync(Admin, $"stats{(i % Engines) + 1}", "Bench", $"Svc{i:000}", cancellationToken);
                follower.Sampled += s => latencies.Add((DateTimeOffset.UtcNow - s.At).TotalMilliseconds);
                followers.Add(follower);
            }

            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var workingSets = new List<double>();
            while (wall.Elapsed < Measure)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                process.Refresh();
                workingSets.Add(process.WorkingSet64 / 1024.0 / 1024);
            }

            process.Refresh();
            var cpuPercent = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100;
            var latency = Percentiles.Of([.. latencies]);
            foreach (var follower in followers)
            {
                follower.Dispose();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dashboard process over {Measure.TotalSeconds:0} s: CPU {cpuPercent:0.0} % of one core ({Environment.ProcessorCount} CPUs), "
                + $"working set {workingSets.Min():0} - {workingSets.Max():0} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sample latency engine reading -> follower: n={latency.Count} p50 {latency.P50:0} ms, p99 {latency.P99:0} ms, max {latency.Max:0} ms"));
            await HistoryQueryAsync(host, cancellationToken);
        }
        finally
        {
            foreach (var container in containers)
            {
                await container.DisposeAsync();
            }

            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }
        }
    }

    // 30 days of 5-minute points for every container plus 24 h of 10-second points for one, then the chart's query.
    private static async Task HistoryQueryAsync(CoreHost host, CancellationToken cancellationToken)
    {
        var repository = host.Get<ResourcePointRepository>();
        var now = DateTime.UtcNow;
        var rows = new List<ResourcePointRow>();
        for (var c = 0; c < 50; c++)
        {
            var key = new ContainerKey("stats1", $"Bench.Hist{c:00}");
            for (var at = now.AddDays(-30); at < now; at = at.AddMinutes(5))
            {
                rows.Add(ResourcePointRow.From(key, 300, new ResourceSample(new DateTimeOffset(at), 5, 1 << 20, 1 << 30, 0, 0, 0, 0, 0)));
            }
        }

        await repository.InsertAsync(rows, cancellationToken);
        var monitor = host.Get<ResourceMonitor>();
        var times = new List<double>();
        var points = 0;
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            points = (await monitor.HistoryAsync(Admin, "stats1", "Bench", "Hist07", ResourceRange.Last30Days, cancellationToken)).Count;
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"30-day history query ({points} points of one container among {rows.Count} rows): first {times[0]:0.0} ms, "
            + $"median of the next 5 {times.Skip(1).Order().ElementAt(2):0.0} ms"));
    }
}
