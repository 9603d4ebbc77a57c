using System.Diagnostics;

namespace TarsDashboard.Bench.Tars;

/// <summary>Drives one RPC from N concurrent callers for a fixed time, timing every call.</summary>
internal static class RpcLoad
{
    /// <summary>Every call's latency in µs, how long the run took and what the process allocated per call.</summary>
    public sealed record Result(string Name, int Callers, List<double> LatenciesMicroseconds, TimeSpan Elapsed, double AllocatedBytesPerCall)
    {
        public double CallsPerSecond => LatenciesMicroseconds.Count / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Each of <paramref name="callers"/> loops call after call until <paramref name="duration"/> is over; a caller
    /// starts its next call only when its last one returned, so <paramref name="callers"/> is the number in flight.
    /// </summary>
    public static async Task<Result> RunAsync(string name, int callers, Func<CancellationToken, Task> call, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(capacity: 1 << 16);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await call(cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            return latencies;
        }, cancellationToken)));
        var elapsed = clock.Elapsed;
        var all = perCaller.SelectMany(latencies => latencies).ToList();
        // Whole process (client, responder, the loop itself): the threads are the pool's, so one thread's count would miss most.
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Result(name, callers, all, elapsed, (double)allocated / all.Count);
    }
}
