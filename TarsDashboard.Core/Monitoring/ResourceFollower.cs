namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// A viewer's hold on a container's live samples: the recent ones at once (<see cref="Recent"/>), then each new one
/// through <see cref="Sampled"/> (raised on the stream's thread). Dispose it when the chart closes.
/// </summary>
public sealed class ResourceFollower : IDisposable
{
    private readonly ResourceLease _lease;
    private int _disposed;

    internal ResourceFollower(ResourceLease lease)
    {
        _lease = lease;
        lease.Feed.Sampled += OnSample;
    }

    public ContainerKey Container => _lease.Feed.Key;

    /// <summary>The samples the stream kept before this viewer came, oldest first.</summary>
    public IReadOnlyList<ResourceSample> Recent() => _lease.Feed.Ring.Snapshot();

    /// <summary>Why the engine cannot be read now (unreachable, container gone), null while samples arrive.</summary>
    public string? Problem => _lease.Feed.Problem;

    public event Action<ResourceSample>? Sampled;

    private void OnSample(ResourceSample sample) => Sampled?.Invoke(sample);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lease.Feed.Sampled -= OnSample;
            _lease.Dispose();
        }
    }
}
