using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Monitoring;
using Xunit;
using StatsSample = TarsDashboard.Core.Monitoring.ResourceSample;

namespace TarsDashboard.Tests.Alerts;

/// <summary>What the CPU and memory rules read from each sample of the shared stats streams.</summary>
public sealed class ResourceSampleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ResourceSampled Sampled(string container, long used, long limit) =>
        new(new ContainerKey("node1", container), new StatsSample(At, 42.5, used, limit, 0, 0, 0, 0, 0));

    [Fact]
    public void A_service_container_s_sample_becomes_its_cpu_and_memory_share_of_the_limit()
    {
        var sample = AlertMonitor.ToAlertSample(Sampled("Shop.Order", 48L << 20, 96L << 20));

        Assert.Equal(AlertTarget.Service("Shop", "Order", "node1"), sample!.Target);
        Assert.Equal((42.5, 50.0, At), (sample.CpuPercent, sample.MemoryPercent, sample.At));
    }

    [Fact]
    public void A_container_that_is_no_service_or_has_no_memory_limit_is_not_read()
    {
        Assert.Null(AlertMonitor.ToAlertSample(Sampled("registry", 1, 100)));
        Assert.Null(AlertMonitor.ToAlertSample(Sampled("Shop.Order", 1, 0)));
    }
}
