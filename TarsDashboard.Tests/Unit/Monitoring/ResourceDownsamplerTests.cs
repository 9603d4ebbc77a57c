using TarsDashboard.Core.Monitoring;
using Xunit;

namespace TarsDashboard.Tests.Monitoring;

public sealed class ResourceDownsamplerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ResourceSample At(double seconds, double cpu, long memory, long rx) =>
        new(T0.AddSeconds(seconds), cpu, memory, 1000, rx, 0, 0, 0, 0);

    [Fact]
    public void A_point_averages_cpu_and_memory_and_keeps_the_last_counters_of_its_bucket()
    {
        var sampler = new ResourceDownsampler(TimeSpan.FromSeconds(10));

        Assert.Null(sampler.Add(At(0, 10, 100, 1)));
        Assert.Null(sampler.Add(At(5, 30, 300, 7)));
        var point = sampler.Add(At(10, 99, 999, 9));

        Assert.Equal(new ResourceSample(T0, 20, 200, 1000, 7, 0, 0, 0, 0), point);
        Assert.Equal(T0.AddSeconds(10), sampler.Flush()!.At);
        Assert.Null(sampler.Flush());
    }

    [Fact]
    public void The_ring_keeps_the_newest_samples()
    {
        var ring = new SampleRing(3);
        for (var i = 0; i < 5; i++)
        {
            ring.Add(At(i, i, i, i));
        }

        Assert.Equal([2.0, 3.0, 4.0], ring.Snapshot().Select(s => s.CpuPercent));
        Assert.Equal(4.0, ring.Latest!.CpuPercent);
    }
}
