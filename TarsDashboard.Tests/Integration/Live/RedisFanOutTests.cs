using System.Diagnostics;
using System.Threading.Channels;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Live;

/// <summary>Two Core hosts (two dashboard instances) sharing one real redis-server: the live event bus crosses them.</summary>
public sealed class RedisFanOutTests : IAsyncLifetime
{
    private static readonly TimeSpan CrossInstanceBudget = TimeSpan.FromSeconds(1);

    private readonly RedisServerInstance _redis = new();
    private CoreHost? _a;
    private CoreHost? _b;

    private CoreHost A => _a!;

    private CoreHost B => _b!;

    public async Task InitializeAsync()
    {
        try
        {
            await _redis.StartAsync();
            var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = _redis.Configuration };
            _a = await CoreHost.CreateSqliteAsync(settings);
            _b = await CoreHost.CreateSqliteAsync(settings);
            await _a.StartAsync();
            await _b.StartAsync();
            await Eventually.TrueAsync(() => A.Get<RedisLiveEventRelay>().IsConnected && B.Get<RedisLiveEventRelay>().IsConnected,
                "both relays connected and subscribed");
        }
        catch
        {
            // xunit does not dispose a test class whose set-up failed: stop redis-server here, or it outlives the run.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_a is not null)
            {
                await _a.DisposeAsync();
            }

            if (_b is not null)
            {
                await _b.DisposeAsync();
            }
        }
        finally
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_published_on_A_reaches_B_within_a_second_and_A_once()
    {
        using var onA = A.Get<LiveEventBus>().Open();
        using var onB = B.Get<LiveEventBus>().Open();
        var stopwatch = Stopwatch.StartNew();

        A.Get<LiveEventBus>().Publish(new ImagesChanged(42, "fan-out"));

        var received = await NextAsync(onB.Reader, "fan-out", CrossInstanceBudget);
        Assert.True(stopwatch.Elapsed < CrossInstanceBudget, $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(new ImagesChanged(42, "fan-out") { At = received.At }, received);
        Assert.NotEqual(Guid.Empty.ToString("N"), A.Get<RedisLiveEventRelay>().InstanceId);

        // A has it from its own publish at once; its echo from Redis must not be delivered a second time. The echo
        // comes back no later than B's copy arrived, and a marker sent after it proves the channel has drained.
        Assert.Equal(42, (await NextAsync(onA.Reader, "fan-out", CrossInstanceBudget)).ImageId);
        A.Get<LiveEventBus>().Publish(new ImagesChanged(43, "marker"));
        await NextAsync(onB.Reader, "marker", CrossInstanceBudget);
        await Task.Delay(200);
        Assert.Equal(43, (await NextAsync(onA.Reader, "marker", CrossInstanceBudget)).ImageId);
        Assert.DoesNotContain(Drain(onA.Reader), e => e is ImagesChanged);
        // And B did not send it back to A either.
        Assert.Equal(0, A.Get<RedisLiveEventRelay>().Received);
    }

    [Fact]
    public async Task With_Redis_stopped_A_still_delivers_locally_and_fan_out_resumes_after_it_restarts()
    {
        using var onA = A.Get<LiveEventBus>().Open();
        using var onB = B.Get<LiveEventBus>().Open();

        await _redis.StopAsync();
        await Eventually.TrueAsync(() => !A.Get<RedisLiveEventRelay>().IsConnected, "A noticed that Redis is gone");
        var stopwatch = Stopwatch.StartNew();
        A.Get<LiveEventBus>().Publish(new ImagesChanged(1, "during the outage"));
        await NextAsync(onA.Reader, "during the outage", TimeSpan.FromMilliseconds(100));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMilliseconds(100), $"local delivery took {stopwatch.ElapsedMilliseconds} ms without Redis");

        await _redis.StartAsync();
        // The client reconnects and resubscribes by itself; probe until B hears A again.
        var deadline = Stopwatch.StartNew();
        ImagesChanged? heard = null;
        for (var probe = 0; heard is null; probe++)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "fan-out did not resume within 20 s of Redis coming back");
            A.Get<LiveEventBus>().Publish(new ImagesChanged(probe, "after the outage"));
            heard = await TryNextAsync(onB.Reader, "after the outage", TimeSpan.FromMilliseconds(250));
        }

        // Both ways again, each within the budget.
        var sent = Stopwatch.StartNew();
        B.Get<LiveEventBus>().Publish(new ImagesChanged(7, "back from B"));
        await NextAsync(onA.Reader, "back from B", CrossInstanceBudget);
        Assert.True(sent.Elapsed < CrossInstanceBudget);
        Assert.True(A.Get<RedisLiveEventRelay>().Dropped >= 1, "the event raised during the outage was counted as not sent");
    }

    [Fact]
    public async Task An_instance_started_while_its_Redis_is_down_serves_locally_and_joins_when_Redis_comes_up()
    {
        await using var laterRedis = new RedisServerInstance();
        await using var c = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = laterRedis.Configuration });
        await using var d = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = laterRedis.Configuration });
        var stopwatch = Stopwatch.StartNew();
        await c.StartAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the host's start waited {stopwatch.ElapsedMilliseconds} ms for Redis");
        using var onC = c.Get<LiveEventBus>().Open();
        c.Get<LiveEventBus>().Publish(new ImagesChanged(1, "no Redis yet"));
        await NextAsync(onC.Reader, "no Redis yet", TimeSpan.FromMilliseconds(100));

        await laterRedis.StartAsync();
        await d.StartAsync();
        using var onD = d.Get<LiveEventBus>().Open();
        var deadline = Stopwatch.StartNew();
        for (var probe = 0; await TryNextAsync(onD.Reader, "joined", TimeSpan.FromMilliseconds(250)) is null; probe++)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "C did not reach D within 30 s of Redis coming up");
            c.Get<LiveEventBus>().Publish(new ImagesChanged(probe, "joined"));
        }
    }

    private static async Task<ImagesChanged> NextAsync(ChannelReader<LiveEvent> reader, string change, TimeSpan timeout) =>
        await TryNextAsync(reader, change, timeout) ?? throw new Xunit.Sdk.XunitException($"'{change}' did not arrive within {timeout.TotalMilliseconds} ms");

    private static async Task<ImagesChanged?> TryNextAsync(ChannelReader<LiveEvent> reader, string change, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (await reader.ReadAsync(cancellation.Token) is ImagesChanged images && images.Change == change)
                {
                    return images;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static List<LiveEvent> Drain(ChannelReader<LiveEvent> reader)
    {
        var rest = new List<LiveEvent>();
        while (reader.TryRead(out var liveEvent))
        {
            rest.Add(liveEvent);
        }

        return rest;
    }
}
