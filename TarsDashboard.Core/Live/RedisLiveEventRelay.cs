using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TarsDashboard.Core.Live;

/// <summary>
/// Fans the live event bus out across dashboard instances through one Redis pub/sub channel: every event published
/// here goes to the channel, every event on the channel from another instance goes to this instance's subscribers.
/// Redis is best effort: while it is away, events stay on the instance that raised them (local delivery never waits
/// for it) and the client reconnects and resubscribes on its own.
/// </summary>
public sealed class RedisLiveEventRelay : IHostedService, ILiveEventRelay, IAsyncDisposable
{
    // Events waiting to be sent; a stalled connection loses the oldest, never slows a publisher.
    private const int OutboxCapacity = 10_000;
    private static readonly TimeSpan ConnectPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly LiveEventBus _bus;
    private readonly RedisOptions _options;
    private readonly ILogger<RedisLiveEventRelay> _logger;
    private readonly LiveEventCodec _codec = new();
    private readonly Channel<LiveEvent> _outbox = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(OutboxCapacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });
    private readonly ConcurrentDictionary<string, byte> _badMessageWarnings = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _subscription;
    private Task _running = Task.CompletedTask;
    private long _sent;
    private long _received;
    private long _dropped;
    private int _outage;

    public RedisLiveEventRelay(LiveEventBus bus, IOptions<RedisOptions> options, ILogger<RedisLiveEventRelay> logger)
    {
        _bus = bus;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Tells this instance's own messages apart when they come back from the channel.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Connected to Redis and subscribed to the channel: events cross instances.</summary>
    public bool IsConnected => _redis is { IsConnected: true } && _subscription is not null;

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Events not sent because Redis was away (they were still delivered here).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Attached at once, so events published while the first connection is made wait in the outbox; the host's
        // start never waits for Redis (a Redis that is down must not keep the one instance from serving).
        _bus.AttachRelay(this);
        _running = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration);
        // Come up even when Redis is down and keep trying in the background.
        configuration.AbortOnConnectFail = false;
        // While disconnected a publish fails at once instead of queueing: the event was delivered here already and
        // replaying a backlog of stale events later would only confuse the pages.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "tdash-live-" + InstanceId[..8];
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        catch (Exception exception) when (exception is RedisException or ArgumentException)
        {
            _logger.LogError(exception, "No Redis client for {Configuration}: live events stay on this instance", configuration.ToString(includePassword: false));
            return;
        }

        // The client retries every few seconds and reports each failed attempt: one warning per outage is enough.
        _redis.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref _outage, 1) == 0)
            {
                _logger.LogWarning(e.Exception, "Redis at {Endpoint} is unreachable ({FailureType}); live events stay on this instance until it is back",
                    e.EndPoint, e.FailureType);
            }
            else
            {
                _logger.LogDebug("Redis at {Endpoint} still unreachable ({FailureType})", e.EndPoint, e.FailureType);
            }
        };
        _redis.ConnectionRestored += (_, e) =>
        {
            if (Interlocked.Exchange(ref _outage, 0) == 1)
            {
                _logger.LogInformation("Redis at {Endpoint} is back; live events cross instances again ({Dropped} not sent so far)", e.EndPoint, Dropped);
            }
        };
        if (!_redis.IsConnected && Interlocked.Exchange(ref _outage, 1) == 0)
        {
            _logger.LogWarning("Redis at {Configuration} does not answer yet; live events stay on this instance until it does",
                configuration.ToString(includePassword: false));
        }

        await Task.WhenAll(SubscribeWhenConnectedAsync(cancellationToken), SendAsync(cancellationToken));
    }

    public void Forward(LiveEvent liveEvent) => _outbox.Writer.TryWrite(liveEvent);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Once: a host may stop it and then dispose it, or dispose it first (a test factory's teardown).
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _bus.AttachRelay(null);
        _outbox.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_subscription is not null)
        {
            try
            {
                await _subscription.UnsubscribeAsync();
            }
            catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
            {
                // Redis is away, or the connection was closed already: the subscription ends with it anyway.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    // Subscribes once the first connection is up; the client itself resubscribes after every reconnect.
    private async Task SubscribeWhenConnectedAsync(CancellationToken cancellationToken)
    {
        var channel = RedisChannel.Literal(_options.LiveEventChannel);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_redis!.IsConnected)
                {
                    var subscription = await _redis.GetSubscriber().SubscribeAsync(channel);
                    subscription.OnMessage(Receive);
                    _subscription = subscription;
                    _logger.LogInformation("Live events cross instances through Redis channel {Channel} (instance {InstanceId})", channel, InstanceId);
                    return;
                }
            }
            catch (RedisException exception)
            {
                _logger.LogWarning(exception, "Subscribing to Redis channel {Channel} failed; trying again", channel);
            }

            await Task.Delay(ConnectPollInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var channel = RedisChannel.Literal(_options.LiveEventChannel);
        var publisher = _redis!.GetSubscriber();
        try
        {
            await foreach (var liveEvent in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                var payload = _codec.TryEncode(liveEvent, InstanceId, out var firstRefusal, out var reason);
                if (payload is null)
                {
                    if (firstRefusal)
                    {
                        _logger.LogWarning("Live events of type {Type} stay on this instance: they cannot be sent to the others ({Reason})",
                            liveEvent.GetType().FullName, reason);
                    }

                    continue;
                }

                if (!_redis.IsConnected)
                {
                    NoteDropped();
                    continue;
                }

                try
                {
                    // Fire and forget: the order of the writes is the order of this loop, and nothing waits on Redis.
                    await publisher.PublishAsync(channel, payload, CommandFlags.FireAndForget);
                    Interlocked.Increment(ref _sent);
                }
                catch (RedisException)
                {
                    NoteDropped();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // Not logged per event: the outage itself was (ConnectionFailed), and /healthz shows the count.
    private void NoteDropped() => Interlocked.Increment(ref _dropped);

    private void Receive(ChannelMessage message)
    {
        try
        {
            var (origin, liveEvent) = LiveEventCodec.Decode(((byte[]?)message.Message).AsSpan());
            if (origin == InstanceId)
            {
                return; // our own, delivered here when it was published
            }

            Interlocked.Increment(ref _received);
            _bus.DeliverFromElsewhere(liveEvent);
        }
        catch (System.Text.Json.JsonException exception)
        {
            // Another dashboard version or a stranger on the channel: warn once per kind of problem, never stop listening.
            if (_badMessageWarnings.Count < 100 && _badMessageWarnings.TryAdd(exception.Message, 0))
            {
                _logger.LogWarning(exception, "A message on Redis channel {Channel} was ignored: {Problem}", message.Channel, exception.Message);
            }
        }
    }
}
