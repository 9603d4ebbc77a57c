using System.Threading.Channels;

namespace TarsDashboard.Core.Live;

/// <summary>One subscriber's buffer of events; disposing it unsubscribes.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveEventBus _bus;
    private readonly Channel<LiveEvent> _channel;
    private readonly CancellationTokenSource _stopping = new();

    internal LiveSubscription(LiveEventBus bus, Channel<LiveEvent> channel)
    {
        _bus = bus;
        _channel = channel;
    }

    public ChannelReader<LiveEvent> Reader => _channel.Reader;

    internal ChannelWriter<LiveEvent> Writer => _channel.Writer;

    internal CancellationToken Stopping => _stopping.Token;

    public void Dispose()
    {
        _bus.Remove(this);
        _channel.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
