using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Hubs;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// Memory of the server while 20 hub viewers follow a fast writer: 18 SignalR clients read as fast as they can, 2
/// are on a slow link (<see cref="SlowViewer"/>: they must get gap markers, not make the server buffer for them).
/// Prints the process working set and the GC heap every few seconds. The fast clients run in this process too, so
/// the figures bound the server's from above.
/// </summary>
internal static class MemoryWatch
{
    private const int FastViewers = 18;
    private const int SlowViewers = 2;

    // Bursts of 1,000 ~125-byte lines with short pauses; json-file rotation keeps the engine's disk use bounded.
    private const string WriterScript =
        "while true; do busybox awk 'BEGIN{for(i=0;i<1000;i++) printf \"2026-11-23 07:13:24|INFO|Mem.Writer|request %d handled in 3 ms, "
        + "payload abcdefghijklmnopqrstuvwxyz0123456789\\n\", i}'; busybox usleep 20000; done";

    public sealed record Sample(double Seconds, double LinesPerSecond, double WorkingSetMb, double HeapMb,
        long FastMin, long FastMax, long FastMissed, long SlowReceived, long SlowMissed, int SlowDropped);

    // Lines the writer produced as far as the first viewer knows: those it got plus those it was told it missed.
    private static long Seen(long[] received, long[] missed) => Interlocked.Read(ref received[0]) + Interlocked.Read(ref missed[0]);

    public static async Task<IReadOnlyList<Sample>> RunAsync(LogLab lab, LogDashboard dashboard, TimeSpan duration, TimeSpan every,
        CancellationToken cancellationToken)
    {
        await using var container = await BenchContainer.StartAsync(lab.Engine, "Mem.Writer", ["sh", "-c", WriterScript], maxLogSize: "20m",
            cancellationToken: cancellationToken);
        var sourceId = LogDashboard.SourceId(container);
        var received = new long[FastViewers];
        var missed = new long[FastViewers];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = new List<HubConnection>();
        var slow = new List<SlowViewer>();
        var readers = new List<Task>();
        try
        {
            for (var v = 0; v < FastViewers; v++)
            {
                var connection = await dashboard.ConnectAsync(cancellationToken);
                connections.Add(connection);
                var viewer = v;
                readers.Add(Task.Run(async () =>
                {
                    try
                    {
                        await foreach (var item in connection.StreamAsync<LogLineDto>("StreamLogs", sourceId, 0L, 0, stop.Token))
                        {
                            if (item.IsGap)
                            {
                                Interlocked.Add(ref missed[viewer], item.Missed);
                            }
                            else
                            {
                                Interlocked.Increment(ref received[viewer]);
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        // Done.
                    }
                }, CancellationToken.None));
            }

            for (var v = 0; v < SlowViewers; v++)
            {
                var viewer = await SlowViewer.ConnectAsync(dashboard.BaseUrl, dashboard.Token, sourceId, cancellationToken);
                slow.Add(viewer);
                // 4 KB every 20 ms: about 200 KB/s, some 600 lines/s, far below the writer.
                readers.Add(viewer.ReadSlowlyAsync(4096, TimeSpan.FromMilliseconds(20), stop.Token));
            }

            var samples = new List<Sample>();
            var watch = Stopwatch.StartNew();
            long previousSeen = 0;
            var previousAt = TimeSpan.Zero;
            using var process = Process.GetCurrentProcess();
            while (watch.Elapsed < duration)
            {
                await Task.Delay(every, cancellationToken);
                process.Refresh();
                var fast = received.Select(r => Interlocked.Read(ref r)).ToArray();
                var now = watch.Elapsed;
                var sample = new Sample(
                    now.TotalSeconds,
                    (Seen(received, missed) - previousSeen) / (now - previousAt).TotalSeconds,
                    process.WorkingSet64 / 1e6,
                    GC.GetGCMemoryInfo().HeapSizeBytes / 1e6,
                    fast.Min(),
                    fast.Max(),
                    missed.Sum(),
                    slow.Sum(s => s.Lines),
                    slow.Sum(s => s.Missed),
                    slow.Count(s => s.Dropped));
                (previousSeen, previousAt) = (Seen(received, missed), now);
                samples.Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {sample.Seconds,5:0}s  written {sample.LinesPerSecond,7:0} lines/s  working set {sample.WorkingSetMb,5:0} MB  GC heap {sample.HeapMb,5:0} MB  "
                    + $"fast viewers got {sample.FastMin}-{sample.FastMax}, told missed {sample.FastMissed}; "
                    + $"slow viewers got {sample.SlowReceived}, told missed {sample.SlowMissed}, dropped by the server {sample.SlowDropped}"));
            }

            return samples;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            foreach (var viewer in slow)
            {
                await viewer.DisposeAsync();
            }
        }
    }
}
