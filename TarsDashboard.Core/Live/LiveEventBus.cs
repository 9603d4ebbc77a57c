using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TarsDashboard.Core.Live;

/// <summary>
/// The one event stream: producers publish, each subscriber reads from its own bounded channel, so a slow reader
/// (a stalled browser) loses its oldest events instead of slowing the producers or the other readers.
/// </summary>
public sealed class LiveEventBus
{
    private const int SubscriberCapacity = 1024;
    private readonly ConcurrentDictionary<Guid, Channel<LiveEvent>> _subscribers = new();

    public void Publish(LiveEvent liveEvent)
    {
        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryWrite(liveEvent);
        }
    }

    /// <summary>Reads events published from now on until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<LiveEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers[id] = channel;
        try
        {
            await foreach (var liveEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return liveEvent;
            }
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }

    /// <summary>Calls <paramref name="handler"/> for every event until the returned handle is disposed (for components).</summary>
    public IDisposable Subscribe(Func<LiveEvent, Task> handler)
    {
        var cts = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var liveEvent in ReadAllAsync(cts.Token))
                {
                    await handler(liveEvent);
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed: the subscriber went away.
            }
        });
        return new Subscription(cts);
    }

    public int SubscriberCount => _subscribers.Count;

    private sealed class Subscription(CancellationTokenSource cts) : IDisposable
    {
        public void Dispose()
        {
            cts.Cancel();
            cts.Dispose();
        }
    }
}
