using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.Live;

/// <summary>
/// Live events across instances: two buses with their Redis relays (instance A and B) in this process on one real
/// redis-server. A publishes N task-progress events at a steady rate; B's subscriber stamps each on arrival. Both
/// stamps are this process's Stopwatch, so publish-to-receive latency needs no clock sync. Then the same N as fast as
/// A can publish, and raw StackExchange.Redis PUBLISH/SUBSCRIBE of the same bytes as the floor.
/// </summary>
internal static class FanOutBenchmark
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var events = EnvInt("BENCH_FANOUT_EVENTS", 10_000);
        var rate = EnvInt("BENCH_FANOUT_RATE", 2_000);
        await using var redis = new RedisServerInstance();
        Console.WriteLine($"Starting redis-server on 127.0.0.1:{redis.Port}...");
        await redis.StartAsync(cancellationToken);

        var options = Options.Create(new RedisOptions { Configuration = redis.Configuration, ChannelPrefix = "bench" });
        var busA = new LiveEventBus(NullLogger<LiveEventBus>.Instance);
        var busB = new LiveEventBus(NullLogger<LiveEventBus>.Instance);
        await using var relayA = new RedisLiveEventRelay(busA, options, NullLogger<RedisLiveEventRelay>.Instance);
        await using var relayB = new RedisLiveEventRelay(busB, options, NullLogger<RedisLiveEventRelay>.Instance);
        await relayA.StartAsync(cancellationToken);
        await relayB.StartAsync(cancellationToken);
        try
        {
            while (!relayA.IsConnected || !relayB.IsConnected)
            {
                await Task.Delay(50, cancellationToken);
            }

            Console.WriteLine("Warming up (2,000 events, not counted)...");
            await MeasureAsync("warm-up", busA, busB, 2_000, rate: 0, cancellationToken);

            var results = new List<Result>();
            foreach (var steadyRate in new[] { rate, rate * 5 })
            {
                Console.WriteLine($"Steady: {events:N0} events at {steadyRate:N0}/s from A, received on B...");
                results.Add(await MeasureAsync($"relay, steady {steadyRate:N0}/s", busA, busB, events, steadyRate, cancellationToken));
            }

            Console.WriteLine($"Burst: {events:N0} events as fast as A publishes...");
            var relayedBefore = relayB.Received;
            results.Add(await MeasureAsync("relay, burst", busA, busB, events, rate: 0, cancellationToken));
            var relayedInBurst = relayB.Received - relayedBefore;
            Console.WriteLine($"Raw StackExchange.Redis, steady {rate:N0}/s (the same bytes, no bus, no codec)...");
            results.Add(await MeasureRawAsync(redis.Configuration, events, rate, cancellationToken));

            Console.WriteLine();
            Console.WriteLine($"{"case",-28} {"sent",7} {"got",7} {"events/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
            foreach (var result in results)
            {
                Console.WriteLine(result);
            }

            Console.WriteLine();
            Console.WriteLine($"Burst: B's relay received {relayedInBurst:N0} of {events:N0}; what its subscriber did not get, the bus dropped " +
                              "(a subscriber buffers 1,024 events and loses the oldest when it falls behind).");
            Console.WriteLine();
            Console.WriteLine($"A's echoes delivered to A again: {relayA.Received} (must be 0); A sent {relayA.Sent:N0}, dropped {relayA.Dropped}; " +
                              $"message size {LiveEventCodec.Encode(Sample(0), relayA.InstanceId).Length} B");
        }
        finally
        {
            await relayA.StopAsync(CancellationToken.None);
            await relayB.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Result> MeasureAsync(string name, LiveEventBus from, LiveEventBus to, int count, int rate, CancellationToken cancellationToken)
    {
        var sentAt = new long[count];
        var receivedAt = new long[count];
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A run's events carry its own marker, so a late event of the previous run is not counted.
        var run = Guid.NewGuid().ToString("N");
        using var subscription = to.Subscribe(liveEvent =>
        {
            if (liveEvent is TaskProgress progress && progress.TaskNo == run)
            {
                receivedAt[progress.ServerId] = Stopwatch.GetTimestamp();
                if (Interlocked.Increment(ref received) == count)
                {
                    done.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });

        var started = Stopwatch.GetTimestamp();
        await Task.Run(() => Publish(from, run, sentAt, rate, cancellationToken), cancellationToken);
        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
        var last = receivedAt.Max();
        return Result.From(name, sentAt, receivedAt, received, Stopwatch.GetElapsedTime(started, last == 0 ? Stopwatch.GetTimestamp() : last));
    }

    // A steady rate: each millisecond publishes the events that are due by then (rate 0: all at once).
    private static void Publish(LiveEventBus bus, string run, long[] sentAt, int rate, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < sentAt.Length; i++)
        {
            if (rate > 0)
            {
                while (Stopwatch.GetElapsedTime(start).TotalSeconds * rate < i)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Thread.Sleep(1);
                }
            }

            var liveEvent = Sample(i) with { TaskNo = run };
            sentAt[i] = Stopwatch.GetTimestamp();
            bus.Publish(liveEvent);
        }
    }

    private static async Task<Result> MeasureRawAsync(string configuration, int count, int rate, CancellationToken cancellationToken)
    {
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(configuration);
        await using var subscriber = await ConnectionMultiplexer.ConnectAsync(configuration);
        var channel = RedisChannel.Literal("bench:raw");
        var sentAt = new long[count];
        var receivedAt = new long[count];
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = await subscriber.GetSubscriber().SubscribeAsync(channel);
        queue.OnMessage(message =>
        {
            var bytes = (byte[])message.Message!;
            var index = BitConverter.ToInt32(bytes, 0);
            receivedAt[index] = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref received) == count)
            {
                done.TrySetResult();
            }
        });
        var payload = LiveEventCodec.Encode(Sample(0), "raw");
        var started = Stopwatch.GetTimestamp();
        await Task.Run(() =>
        {
            var pub = publisher.GetSubscriber();
            for (var i = 0; i < count; i++)
            {
                while (Stopwatch.GetElapsedTime(started).TotalSeconds * rate < i)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Thread.Sleep(1);
                }

                var bytes = (byte[])payload.Clone();
                BitConverter.TryWriteBytes(bytes, i);
                sentAt[i] = Stopwatch.GetTimestamp();
                pub.Publish(channel, bytes, CommandFlags.FireAndForget);
            }
        }, cancellationToken);
        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
        await queue.UnsubscribeAsync();
        return Result.From($"raw SE.Redis, steady {rate:N0}/s", sentAt, receivedAt, received, Stopwatch.GetElapsedTime(started, receivedAt.Max()));
    }

    private static TaskProgress Sample(int index) =>
        new("task-0000", $"item-{index}", index, "Demo", "HelloServer", "node-a", "restart", TaskItemStatus.Running,
            "Stopping container Demo.HelloServer; waiting for it to exit (timeout 10 s)")
        {
            StatusInfo = "EM_I_RUNNING",
            Percent = 40,
        };

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    private sealed record Result(string Name, int Sent, int Received, double EventsPerSecond, double P50, double P95, double P99, double Max)
    {
        public static Result From(string name, long[] sentAt, long[] receivedAt, int received, TimeSpan elapsed)
        {
            var latencies = sentAt.Zip(receivedAt).Where(p => p.Second != 0).Select(p => Stopwatch.GetElapsedTime(p.First, p.Second).TotalMilliseconds).Order().ToArray();
            double At(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
            return new Result(name, sentAt.Length, received, received / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), latencies.LastOrDefault());
        }

        public override string ToString() =>
            $"{Name,-28} {Sent,7:N0} {Received,7:N0} {EventsPerSecond,9:N0} {P50,8:0.00} {P95,8:0.00} {P99,8:0.00} {Max,8:0.00}";
    }
}
