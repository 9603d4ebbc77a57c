namespace TarsDashboard.Core.Monitoring;

/// <summary>The last samples of one container, oldest dropped first, so a new viewer sees recent minutes at once.</summary>
public sealed class SampleRing(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<ResourceSample> _samples = new(capacity);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public void Add(ResourceSample sample)
    {
        lock (_gate)
        {
            if (_samples.Count == Capacity)
            {
                _samples.Dequeue();
            }

            _samples.Enqueue(sample);
        }
    }

    public IReadOnlyList<ResourceSample> Snapshot()
    {
        lock (_gate)
        {
            return [.. _samples];
        }
    }

    public ResourceSample? Latest
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count == 0 ? null : _samples.Last();
            }
        }
    }
}
