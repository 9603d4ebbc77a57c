namespace TarsDashboard.Core.Monitoring;

/// <summary>Holds a container's stats stream open; disposing it lets the stream stop when nobody else holds it.</summary>
internal sealed class ResourceLease(ResourceStreams streams, ResourceFeed feed) : IDisposable
{
    private int _disposed;

    public ResourceFeed Feed { get; } = feed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            streams.Release(Feed);
        }
    }
}
