using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// The one place container stats streams are opened: ONE engine stream per container however many charts and the
/// recorder follow it, with a bounded ring of recent samples, stopped some seconds after its last holder leaves.
/// Callers check grants before they get here (<see cref="ResourceMonitor"/>).
/// </summary>
public sealed class ResourceStreams : IAsyncDisposable
{
    private static readonly TimeSpan RestartCountRefresh = TimeSpan.FromSeconds(10);

    private readonly NodeRepository nodes;
    private readonly DockerClientPool pool;
    private readonly IOptions<MonitoringOptions> options;
    private readonly ILogger<ResourceStreams> logger;
    private readonly TimeProvider clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContainerKey, ResourceFeed> _feeds = [];
    private bool _disposed;

    internal ResourceStreams(NodeRepository nodes, DockerClientPool pool, IOptions<MonitoringOptions> options,
        ILogger<ResourceStreams> logger, TimeProvider clock)
    {
        this.nodes = nodes;
        this.pool = pool;
        this.options = options;
        this.logger = logger;
        this.clock = clock;
    }

    /// <summary>Every sample of every running stream, on the stream's reading thread: handlers must be quick.</summary>
    public event Action<ResourceSampled>? Sampled;

    /// <summary>Engine streams running now (including those waiting out their linger time).</summary>
    public int ActiveStreamCount
    {
        get
        {
            lock (_gate)
            {
                return _feeds.Count;
            }
        }
    }

    public bool IsRunning(ContainerKey key)
    {
        lock (_gate)
        {
            return _feeds.ContainsKey(key);
        }
    }

    /// <summary>The latest sample of every running stream (what the node summary adds up).</summary>
    internal IReadOnlyList<(ContainerKey Key, ResourceSample Sample)> LatestOfAll()
    {
        List<ResourceFeed> feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
        }

        return [.. feeds.Select(f => (f.Key, Sample: f.Ring.Latest)).Where(p => p.Sample is not null).Select(p => (p.Key, p.Sample!))];
    }

    internal ResourceLease Acquire(ContainerKey key)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_feeds.TryGetValue(key, out var feed))
            {
                feed = new ResourceFeed(key, options.Value.RingCapacity);
                feed.Running = Task.Run(() => PumpAsync(feed, feed.Stopping.Token), CancellationToken.None);
                _feeds.Add(key, feed);
                logger.LogDebug("Started stats stream {Container}", key);
            }

            feed.Holders++;
            feed.Linger?.Cancel();
            feed.Linger = null;
            return new ResourceLease(this, feed);
        }
    }

    internal void Release(ResourceFeed feed)
    {
        CancellationTokenSource linger;
        lock (_gate)
        {
            if (--feed.Holders > 0 || _disposed)
            {
                return;
            }

            linger = new CancellationTokenSource();
            feed.Linger = linger;
        }

        _ = StopLaterAsync(feed, linger.Token);
    }

    private async Task StopLaterAsync(ResourceFeed feed, CancellationToken linger)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.LingerSeconds), clock, linger).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // someone came back
        }

        lock (_gate)
        {
            if (linger.IsCancellationRequested || feed.Holders > 0 || !_feeds.Remove(feed.Key))
            {
                return;
            }
        }

        await StopAsync(feed).ConfigureAwait(false);
    }

    private async Task StopAsync(ResourceFeed feed)
    {
        await feed.Stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await feed.Running.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Stats stream {Container} failed while stopping", feed.Key);
        }

        feed.Stopping.Dispose();
        logger.LogDebug("Stopped stats stream {Container}", feed.Key);
    }

    private async Task PumpAsync(ResourceFeed feed, CancellationToken stopping)
    {
        var retry = new RetryDelay(TimeSpan.FromSeconds(5));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var row = await nodes.GetAsync(feed.Key.Node, stopping).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Node '{feed.Key.Node}' is not registered.");
                var client = pool.For(row);
                await RefreshRestartsAsync(client, feed, stopping).ConfigureAwait(false);
                var lastInspect = clock.GetUtcNow();
                var progress = new SynchronousProgress<ContainerStatsResponse>(stats =>
                {
                    var now = clock.GetUtcNow();
                    if (now - lastInspect > RestartCountRefresh)
                    {
                        lastInspect = now;
                        _ = RefreshRestartsAsync(client, feed, stopping, quiet: true);
                    }

                    if (StatsCalculator.ToSample(stats, feed.Restarts, now) is { } sample)
                    {
                        feed.Problem = null;
                        retry.Reset();
                        Publish(feed, sample);
                    }
                });
                await client.Containers.GetContainerStatsAsync(feed.Key.Container, new ContainerStatsParameters { Stream = true },
                    progress, stopping).ConfigureAwait(false);
                // The stream ends when the container stops; ask again after a pause, it may be restarted.
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                feed.Problem = exception is DockerContainerNotFoundException ? "not found" : exception.Message;
                logger.LogDebug(exception, "Stats stream {Container} failed", feed.Key);
            }

            try
            {
                await Task.Delay(retry.Next(), clock, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Publish(ResourceFeed feed, ResourceSample sample)
    {
        feed.Ring.Add(sample);
        try
        {
            feed.Raise(sample);
            Sampled?.Invoke(new ResourceSampled(feed.Key, sample) { At = sample.At });
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "A stats listener of {Container} failed", feed.Key);
        }
    }

    private async Task RefreshRestartsAsync(IDockerClient client, ResourceFeed feed, CancellationToken cancellationToken, bool quiet = false)
    {
        try
        {
            var inspect = await client.Containers.InspectContainerAsync(feed.Key.Container, cancellationToken).ConfigureAwait(false);
            feed.Restarts = (int)inspect.RestartCount;
        }
        catch (DockerContainerNotFoundException) when (!quiet)
        {
            throw;
        }
        catch (Exception exception) when (quiet || exception is not OperationCanceledException)
        {
            logger.LogDebug(exception, "Restart count of {Container} not read", feed.Key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ResourceFeed> running;
        lock (_gate)
        {
            _disposed = true;
            running = [.. _feeds.Values];
            _feeds.Clear();
        }

        await Task.WhenAll(running.Select(StopAsync)).ConfigureAwait(false);
    }
}
