using TarsDashboard.Core.Monitoring;

namespace TarsDashboard.Model;

/// <summary>
/// The samples a resource chart shows (bounded), turned into the chart's series: CPU %, memory used (MiB), network
/// and block I/O rates (KiB/s, from the counters' deltas) and restarts. UI-free, so it is tested without a browser.
/// </summary>
public sealed class ResourceChartModel(int capacity = 900)
{
    private readonly List<ResourceSample> _samples = [];

    public IReadOnlyList<ResourceSample> Samples => _samples;

    public ResourceSample? Latest => _samples.Count == 0 ? null : _samples[^1];

    /// <summary>Replaces the samples (a new range, or a follower's recent ones).</summary>
    public void Reset(IEnumerable<ResourceSample> samples)
    {
        _samples.Clear();
        Add(samples);
    }

    /// <summary>Appends samples newer than the last, dropping the oldest beyond the capacity.</summary>
    public void Add(IEnumerable<ResourceSample> samples)
    {
        foreach (var sample in samples)
        {
            if (_samples.Count == 0 || sample.At > _samples[^1].At)
            {
                _samples.Add(sample);
            }
        }

        if (_samples.Count > capacity)
        {
            _samples.RemoveRange(0, _samples.Count - capacity);
        }
    }

    /// <summary>
    /// At most <paramref name="max"/> evenly spaced samples of <paramref name="samples"/>, the last always kept: a
    /// 30-day range has 8,640 points, more than a 200-pixel-high SVG line can show.
    /// </summary>
    public static IReadOnlyList<ResourceSample> Thin(IReadOnlyList<ResourceSample> samples, int max)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count <= max || max < 2)
        {
            return samples;
        }

        var step = (samples.Count - 1) / (double)(max - 1);
        return [.. Enumerable.Range(0, max).Select(i => samples[(int)Math.Round(i * step)])];
    }

    public IReadOnlyList<(DateTime At, double Value)> Cpu() => [.. _samples.Select(s => (Local(s), Math.Round(s.CpuPercent, 2)))];

    public IReadOnlyList<(DateTime At, double Value)> MemoryMiB() => [.. _samples.Select(s => (Local(s), Mib(s.MemoryUsed)))];

    public IReadOnlyList<(DateTime At, double Value)> Restarts() => [.. _samples.Select(s => (Local(s), (double)s.Restarts))];

    public IReadOnlyList<(DateTime At, double Value)> RateKiB(Func<ResourceSample, long> counter) => [.. Rates(counter)];

    private IEnumerable<(DateTime At, double Value)> Rates(Func<ResourceSample, long> counter)
    {
        for (var i = 1; i < _samples.Count; i++)
        {
            var seconds = (_samples[i].At - _samples[i - 1].At).TotalSeconds;
            var delta = counter(_samples[i]) - counter(_samples[i - 1]);
            // A restarted container starts its counters again: no negative rate.
            yield return (Local(_samples[i]), seconds > 0 && delta > 0 ? Math.Round(delta / 1024.0 / seconds, 2) : 0);
        }
    }

    private static DateTime Local(ResourceSample sample) => sample.At.UtcDateTime.ToLocalTime();

    public static double Mib(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 2);
}
