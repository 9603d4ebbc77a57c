namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// Folds samples into points of a fixed width: CPU and memory averaged over the bucket, counters (network, block I/O,
/// restarts) and the limit as last seen. A point is handed out when a sample of a later bucket arrives.
/// </summary>
public sealed class ResourceDownsampler(TimeSpan width)
{
    private long _bucket = long.MinValue;
    private int _count;
    private double _cpu;
    private double _memory;
    private ResourceSample? _last;

    public TimeSpan Width { get; } = width > TimeSpan.Zero ? width : throw new ArgumentOutOfRangeException(nameof(width));

    /// <summary>Adds a sample; returns the finished point of the previous bucket when this one starts a new bucket.</summary>
    public ResourceSample? Add(ResourceSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var bucket = sample.At.UtcTicks / Width.Ticks;
        ResourceSample? finished = null;
        if (bucket != _bucket)
        {
            finished = Flush();
            _bucket = bucket;
        }

        _count++;
        _cpu += sample.CpuPercent;
        _memory += sample.MemoryUsed;
        _last = sample;
        return finished;
    }

    /// <summary>The point of the bucket in progress (none when empty), and a fresh start.</summary>
    public ResourceSample? Flush()
    {
        if (_count == 0 || _last is null)
        {
            return null;
        }

        var point = _last with
        {
            At = new DateTimeOffset(_bucket * Width.Ticks, TimeSpan.Zero),
            CpuPercent = _cpu / _count,
            MemoryUsed = (long)(_memory / _count),
        };
        _count = 0;
        _cpu = 0;
        _memory = 0;
        _last = null;
        return point;
    }
}
