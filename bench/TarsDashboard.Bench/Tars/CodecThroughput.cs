using System.Diagnostics;

namespace TarsDashboard.Bench.Tars;

/// <summary>Runs one codec operation in a loop on this thread: ops/s, MB/s of the encoded form and bytes allocated per op.</summary>
internal static class CodecThroughput
{
    private const int OpsPerClockCheck = 64;
    private const int AllocationSampleOps = 10_000;

    /// <summary>One operation's result. MB/s counts the encoded bytes (10^6 bytes per MB).</summary>
    public sealed record Result(string Name, int EncodedBytes, long Ops, TimeSpan Elapsed, double AllocatedBytesPerOp)
    {
        public double OpsPerSecond => Ops / Elapsed.TotalSeconds;

        public double MegabytesPerSecond => OpsPerSecond * EncodedBytes / 1_000_000;
    }

    /// <summary>
    /// Warms up for <paramref name="warmUp"/>, times as many ops as fit in <paramref name="duration"/>, then counts the
    /// bytes this thread allocates over a fixed number of ops. <paramref name="operation"/> returns the encoded size.
    /// </summary>
    public static Result Measure(string name, Func<int> operation, TimeSpan warmUp, TimeSpan duration)
    {
        RunFor(operation, warmUp);
        // Collect first, so a GC owed by the warm-up does not land in the timed window.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (ops, elapsed, encodedBytes) = RunFor(operation, duration);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < AllocationSampleOps; i++)
        {
            operation();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return new Result(name, encodedBytes, ops, elapsed, (double)allocated / AllocationSampleOps);
    }

    private static (long Ops, TimeSpan Elapsed, int EncodedBytes) RunFor(Func<int> operation, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long ops = 0;
        var encodedBytes = 0;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < OpsPerClockCheck; i++)
            {
                encodedBytes = operation();
            }

            ops += OpsPerClockCheck;
        }

        return (ops, clock.Elapsed, encodedBytes);
    }
}
