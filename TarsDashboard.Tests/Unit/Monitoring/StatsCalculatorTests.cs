using System.Text.Json;
using Docker.DotNet.Models;
using TarsDashboard.Core.Monitoring;
using Xunit;

namespace TarsDashboard.Tests.Monitoring;

public sealed class StatsCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    // A frame as the engine sends it on a cgroup v2 host (trimmed to the fields docker stats reads).
    private const string CgroupV2Frame = """
        {
          "read": "2026-12-03T10:00:01.5Z",
          "cpu_stats": { "cpu_usage": { "total_usage": 3000000000 }, "system_cpu_usage": 120000000000, "online_cpus": 4 },
          "precpu_stats": { "cpu_usage": { "total_usage": 2500000000 }, "system_cpu_usage": 116000000000, "online_cpus": 4 },
          "memory_stats": { "usage": 104857600, "limit": 536870912, "stats": { "inactive_file": 4194304, "anon": 90000000 } },
          "networks": { "eth0": { "rx_bytes": 1000, "tx_bytes": 200 }, "eth1": { "rx_bytes": 24, "tx_bytes": 6 } },
          "blkio_stats": { "io_service_bytes_recursive": [
            { "major": 8, "minor": 0, "op": "read", "value": 4096 },
            { "major": 8, "minor": 0, "op": "write", "value": 8192 },
            { "major": 8, "minor": 16, "op": "Read", "value": 4 } ] }
        }
        """;

    private static ContainerStatsResponse Parse(string json) => JsonSerializer.Deserialize<ContainerStatsResponse>(json)!;

    [Fact]
    public void Cpu_percent_is_cpu_delta_over_system_delta_times_online_cpus()
    {
        // 0.5 s of CPU over 4 s of system time on 4 CPUs: half a CPU.
        Assert.Equal(50.0, StatsCalculator.CpuPercent(Parse(CgroupV2Frame)), 6);
    }

    [Fact]
    public void Memory_used_leaves_out_the_inactive_file_cache_on_cgroup_v2()
    {
        Assert.Equal(104857600 - 4194304, StatsCalculator.MemoryUsed(Parse(CgroupV2Frame).MemoryStats!));
    }

    [Fact]
    public void Memory_used_leaves_out_total_inactive_file_on_cgroup_v1()
    {
        var memory = new MemoryStats { Usage = 1000, Stats = new Dictionary<string, ulong> { ["total_inactive_file"] = 300, ["cache"] = 400 } };
        Assert.Equal(700, StatsCalculator.MemoryUsed(memory));
    }

    [Fact]
    public void A_sample_adds_up_networks_and_block_io_and_keeps_the_limit_and_restarts()
    {
        var sample = StatsCalculator.ToSample(Parse(CgroupV2Frame), restarts: 2, T0)!;

        Assert.Equal(T0.AddSeconds(1.5), sample.At);
        Assert.Equal(536870912, sample.MemoryLimit);
        Assert.Equal((1024L, 206L), (sample.NetworkRx, sample.NetworkTx));
        Assert.Equal((4100L, 8192L), (sample.BlockRead, sample.BlockWrite));
        Assert.Equal(2, sample.Restarts);
    }

    [Fact]
    public void The_first_frame_without_a_previous_reading_has_no_cpu_and_a_stopped_container_no_sample()
    {
        var first = Parse("""{ "cpu_stats": { "cpu_usage": { "total_usage": 5 }, "system_cpu_usage": 9, "online_cpus": 2 }, "precpu_stats": {}, "memory_stats": { "usage": 10 } }""");
        Assert.Equal(0, StatsCalculator.CpuPercent(first));
        Assert.Null(StatsCalculator.ToSample(Parse("""{ "memory_stats": {} }"""), 0, T0));
    }
}
