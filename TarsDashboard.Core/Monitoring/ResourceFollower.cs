namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// A viewer's hold on a container's live samples: the recent ones at once (<see cref="Recent"/>), then each new one
/// through <see cref="Sampled"/> (raised on the stream's thread). Dispose it when the chart closes.
/// </summary>
public sealed class ResourceFollower : IDisposable
{
    private readonly ResourceLease _lease;
    private readonly CancellationTokenSource _closing = new();
    private int _disposed;

    /// <param name="stillAllowed">Asked every <paramref name="grantRefresh"/>: a grant taken away ends the follow.</param>
    internal ResourceFollower(ResourceLease lease, Func<CancellationToken, Task<bool>> stillAllowed, TimeSpan grantRefresh, TimeProvider clock)
    {
        _lease = lease;
        lease.Feed.Sampled += OnSample;
        _ = WatchGrantAsync(stillAllowed, grantRefresh, clock, _closing.Token);
    }

    /// <summary>True once the caller's grant on the service was taken away; no more samples come.</summary>
    public bool Revoked { get; private set; }

    /// <summary>Raised once when <see cref="Revoked"/> turns true.</summary>
    public event Action? Ended;

    public ContainerKey Container => _lease.Feed.Key;

    /// <summary>The samples the stream kept before this viewer came, oldest first.</summary>
    public IReadOnlyList<ResourceSample> Recent() => _lease.Feed.Ring.Snapshot();

    /// <summary>Why the engine cannot be read now (unreachable, container gone), null while samples arrive.</summary>
    public string? Problem => _lease.Feed.Problem;

    public event Action<ResourceSample>? Sampled;

    private void OnSample(ResourceSample sample) => Sampled?.Invoke(sample);

    private async Task WatchGrantAsync(Func<CancellationToken, Task<bool>> stillAllowed, TimeSpan every, TimeProvider clock, CancellationToken closing)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, closing).ConfigureAwait(false);
                bool allowed;
                try
                {
                    allowed = await stillAllowed(closing).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The database away for a moment: the grant stands until it can be read again.
                    continue;
                }

                if (!allowed)
                {
                    Revoked = true;
                    Dispose();
                    Ended?.Invoke();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a check ran.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _closing.Cancel();
            _closing.Dispose();
            _lease.Feed.Sampled -= OnSample;
            _lease.Dispose();
        }
    }
}
