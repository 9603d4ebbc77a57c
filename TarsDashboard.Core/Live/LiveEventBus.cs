using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace TarsDashboard.Core.Live;

/// <summary>
/// The one event stream: producers publish, each subscriber reads from its own bounded channel, so a slow reader
/// (a stalled browser) loses its oldest events instead of slowing the producers or the other readers.
/// </summary>
public sealed class LiveEventBus(ILogger<LiveEventBus> logger)
{
    private const int SubscriberCapacity = 1024;
    private readonly ConcurrentDictionary<LiveSubscription, byte> _subscribers = new();
    private volatile ILiveEventRelay? _relay;

    public int SubscriberCount => _subscribers.Count;

    /// <summary>Delivers to this instance's subscribers at once and, with a relay attached, to the other instances.</summary>
    public void Publish(LiveEvent liveEvent)
    {
        DeliverLocally(liveEvent);
        _relay?.Forward(liveEvent);
    }

    /// <summary>An event another instance published: this instance's subscribers only, never back to the relay.</summary>
    public void DeliverFromElsewhere(LiveEvent liveEvent) => DeliverLocally(liveEvent);

    /// <summary>Called once by the relay when it starts (several instances share a Redis); null detaches it.</summary>
    public void AttachRelay(ILiveEventRelay? relay) => _relay = relay;

    private void DeliverLocally(LiveEvent liveEvent)
    {
        foreach (var subscription in _subscribers.Keys)
        {
            subscription.Writer.TryWrite(liveEvent);
        }
    }

    /// <summary>Starts buffering events at once (so nothing published after this call is missed); dispose to stop.</summary>
    public LiveSubscription Open()
    {
        var subscription = new LiveSubscription(this, Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }));
        _subscribers[subscription] = 0;
        return subscription;
    }

    /// <summary>Reads events published from the first read on, until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<LiveEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var subscription = Open();
        await foreach (var liveEvent in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            yield return liveEvent;
        }
    }

    /// <summary>Calls <paramref name="handler"/> for every event published after this call, until the handle is disposed.</summary>
    public IDisposable Subscribe(Func<LiveEvent, Task> handler)
    {
        var subscription = Open();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var liveEvent in subscription.Reader.ReadAllAsync(subscription.Stopping))
                {
                    try
                    {
                        await handler(liveEvent);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !subscription.Stopping.IsCancellationRequested)
                    {
                        // One bad event must not end the subscription: the page would silently stop updating.
                        logger.LogError(exception, "A live event handler failed on {Topic}; the subscription goes on", liveEvent.Topic);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed: the subscriber went away.
            }
        });
        return subscription;
    }

    internal void Remove(LiveSubscription subscription) => _subscribers.TryRemove(subscription, out _);
}
