using TarsDashboard.Core.Monitoring;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components.Monitoring;

public sealed class ResourceChartModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ResourceSample At(int seconds, long rx) => new(T0.AddSeconds(seconds), 1, 1, 1, rx, 0, 0, 0, 0);

    [Fact]
    public void Rates_come_from_counter_deltas_and_a_restart_s_reset_counter_reads_as_zero_not_negative()
    {
        var model = new ResourceChartModel();
        model.Reset([At(0, 0), At(2, 4096), At(4, 1024)]);

        Assert.Equal([2.0, 0.0], model.RateKiB(s => s.NetworkRx).Select(p => p.Value));
    }

    [Fact]
    public void Older_or_repeated_samples_are_not_added_and_the_oldest_go_beyond_the_capacity()
    {
        var model = new ResourceChartModel(capacity: 3);
        model.Add([At(0, 0), At(1, 0), At(1, 0), At(0, 0), At(2, 0), At(3, 0)]);

        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2), T0.AddSeconds(3)], model.Samples.Select(s => s.At));
    }

    [Fact]
    public void A_long_history_is_thinned_to_evenly_spaced_points_keeping_the_first_and_last()
    {
        var samples = Enumerable.Range(0, 8640).Select(i => At(i * 300, i)).ToList();

        var thin = ResourceChartModel.Thin(samples, 720);

        Assert.Equal(720, thin.Count);
        Assert.Equal(samples[0], thin[0]);
        Assert.Equal(samples[^1], thin[^1]);
        Assert.Same(samples, ResourceChartModel.Thin(samples, 10_000));
    }
}
