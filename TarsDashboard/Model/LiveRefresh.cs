using TarsDashboard.Core.Live;

namespace TarsDashboard.Model;

/// <summary>
/// Keeps a page current from the live event bus: the events it cares about schedule one coalesced refresh, so a burst
/// of changes reloads (and re-renders) the page once.
/// </summary>
public sealed class LiveRefresh(TimeSpan delay) : IDisposable
{
    private readonly RefreshCoalescer _coalescer = new(delay);
    private IDisposable? _subscription;

    /// <summary>
    /// Subscribes, once: a Retry that starts the page again keeps the first subscription. <paramref name="refresh"/>
    /// runs on the page's dispatcher (wrap it in InvokeAsync).
    /// </summary>
    public void Start(LiveEventBus bus, Func<LiveEvent, bool> matters, Func<Task> refresh)
    {
        _subscription ??= bus.Subscribe(liveEvent =>
        {
            if (matters(liveEvent))
            {
                _coalescer.Request(refresh);
            }

            return Task.CompletedTask;
        });
    }

    public void Dispose() => _subscription?.Dispose();
}
