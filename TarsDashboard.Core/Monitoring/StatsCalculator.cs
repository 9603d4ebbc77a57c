using Docker.DotNet.Models;

namespace TarsDashboard.Core.Monitoring;

/// <summary>Turns the engine's stats frames into samples with the docker CLI's formulas (cli/command/container/stats_helpers.go).</summary>
public static class StatsCalculator
{
    /// <summary>A sample from one stats frame, or null for a frame of a stopped container (no CPU reading).</summary>
    public static ResourceSample? ToSample(ContainerStatsResponse stats, int restarts, DateTimeOffset fallbackTime)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (stats.CPUStats?.CPUUsage is null || stats.MemoryStats is null)
        {
            return null;
        }

        var (rx, tx) = NetworkBytes(stats);
        var (read, write) = BlockBytes(stats);
        var at = stats.Read.Year > 2000 ? new DateTimeOffset(DateTime.SpecifyKind(stats.Read, DateTimeKind.Utc)) : fallbackTime;
        return new ResourceSample(at, CpuPercent(stats), MemoryUsed(stats.MemoryStats), ToLong(stats.MemoryStats.Limit ?? 0), rx, tx, read, write, restarts);
    }

    /// <summary>CPU delta over system delta times online CPUs, in percent; 0 until the engine has two readings.</summary>
    public static double CpuPercent(ContainerStatsResponse stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var now = stats.CPUStats;
        var before = stats.PreCPUStats;
        if (now?.CPUUsage is null || before?.CPUUsage is null)
        {
            return 0;
        }

        var cpuDelta = (double)now.CPUUsage.TotalUsage - before.CPUUsage.TotalUsage;
        var systemDelta = (double)(now.SystemUsage ?? 0) - (before.SystemUsage ?? 0);
        var online = now.OnlineCPUs is > 0 ? now.OnlineCPUs.Value : (uint)(now.CPUUsage.PercpuUsage?.Count ?? 0);
        return cpuDelta > 0 && systemDelta > 0 ? cpuDelta / systemDelta * online * 100.0 : 0;
    }

    /// <summary>Usage minus the inactive file cache (cgroup v2 <c>inactive_file</c>, v1 <c>total_inactive_file</c>), as docker stats shows.</summary>
    public static long MemoryUsed(MemoryStats memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var usage = memory.Usage ?? 0;
        var stats = memory.Stats;
        if (stats is not null)
        {
            if (stats.TryGetValue("total_inactive_file", out var v1) && v1 < usage)
            {
                return ToLong(usage - v1);
            }

            if (stats.TryGetValue("inactive_file", out var v2) && v2 < usage)
            {
                return ToLong(usage - v2);
            }
        }

        return ToLong(usage);
    }

    private static (long Rx, long Tx) NetworkBytes(ContainerStatsResponse stats)
    {
        ulong rx = 0, tx = 0;
        foreach (var network in stats.Networks?.Values ?? [])
        {
            rx += network.RxBytes;
            tx += network.TxBytes;
        }

        return (ToLong(rx), ToLong(tx));
    }

    private static (long Read, long Write) BlockBytes(ContainerStatsResponse stats)
    {
        ulong read = 0, write = 0;
        foreach (var entry in stats.BlkioStats?.IoServiceBytesRecursive ?? [])
        {
            if (string.Equals(entry.Op, "read", StringComparison.OrdinalIgnoreCase))
            {
                read += entry.Value;
            }
            else if (string.Equals(entry.Op, "write", StringComparison.OrdinalIgnoreCase))
            {
                write += entry.Value;
            }
        }

        return (ToLong(read), ToLong(write));
    }

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
