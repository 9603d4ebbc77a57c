using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>Container logs followed through Core on a real engine: completeness across restarts, sharing, slow viewers.</summary>
[Collection("infra")]
public sealed class ContainerLogStreamTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    private static string[] EngineTexts(IEnumerable<LogLine> lines) =>
        lines.Where(l => l.Stream != LogStream.System).Select(l => l.Text).ToArray();

    private async Task<CoreHost> HostAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Logs:LingerSeconds"] = "0.5", ["Logs:ContainerPollSeconds"] = "0.2" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var host = await CoreHost.CreateSqliteAsync(values);
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        return host;
    }

    private static Task Follow(LogSubscription subscription, Collector<LogLine> lines, Collector<long>? gaps, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in subscription.FollowAsync(cancellationToken: cancellationToken))
                {
                    if (batch.Missed > 0)
                    {
                        gaps?.Add(batch.Missed);
                    }

                    lines.AddRange(batch.Lines);
                }
            }
            catch (OperationCanceledException)
            {
                // The test is done with it.
            }
        }, CancellationToken.None);

    [Fact]
    public async Task A_container_followed_through_Core_misses_and_repeats_nothing_across_restarts_of_the_container()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName(), TestContainer.CounterScript);
        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(
            Admin, LogSourceId.ForContainer("node1", container.Name), new LogFollowOptions { TailLines = 100_000 });
        var lines = new Collector<LogLine>();
        var gaps = new Collector<long>();
        using var stop = new CancellationTokenSource();
        var reading = Follow(subscription, lines, gaps, stop.Token);

        // Each restart ends the engine's log stream; the source resumes with since= and drops the repeated lines.
        for (var restart = 1; restart <= 2; restart++)
        {
            var seen = EngineTexts(lines.Items).Length;
            await lines.WaitUntilAsync(l => EngineTexts(l).Length >= seen + 40, $"40 lines before restart {restart}");
            await container.RestartAsync();
        }

        var before = EngineTexts(lines.Items).Length;
        await lines.WaitUntilAsync(l => EngineTexts(l).Length >= before + 40, "40 lines after the last restart");
        await container.StopAsync();
        var engine = await container.ReadEngineLogAsync();
        await lines.WaitUntilAsync(l => EngineTexts(l).Length >= engine.Length, $"all {engine.Length} lines the engine holds");
        await Task.Delay(300); // kept: proves a negative (no duplicate arrives right behind); there is no event to await
        await stop.CancelAsync();
        await reading;

        Assert.Equal(engine, EngineTexts(lines.Items));
        Assert.Empty(gaps.Items);
        var sequences = lines.Items.Select(l => l.Sequence).ToArray();
        Assert.Equal(sequences.Order().Distinct(), sequences);
        Assert.Contains(lines.Items, l => l.Stream == LogStream.System && l.Text.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_whose_engine_restarts_is_followed_again_from_where_it_left_off()
    {
        // A private engine: stopping a shared node would break tests running beside this one.
        await using var engine = new DockerEngineInstance("logsdown");
        await engine.StartAsync();
        await engine.ImportBusyboxImageAsync(InfraFixture.BusyboxImage);
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Logs:MaxRetrySeconds"] = "1",
            ["Logs:ContainerPollSeconds"] = "0.2",
        });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "down1", Endpoint = engine.Endpoint });
        await using var container = await TestContainer.StartAsync(engine, TestContainer.NewServiceName(), TestContainer.CounterScript,
            restartAlways: true);
        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(
            Admin, LogSourceId.ForContainer("down1", container.Name), new LogFollowOptions { TailLines = 100_000 });
        var lines = new Collector<LogLine>();
        using var stop = new CancellationTokenSource();
        var reading = Follow(subscription, lines, null, stop.Token);
        await lines.WaitUntilAsync(l => EngineTexts(l).Length >= 40, "40 lines before the engine stops");

        await engine.StopAsync(); // the stream breaks mid-flow; the container stops with its engine
        await Task.Delay(1500); // kept: the engine stays down long enough for the follower to notice and retry
        await engine.StartAsync(); // restart policy "always" starts the container again
        var before = EngineTexts(lines.Items).Length;
        await lines.WaitUntilAsync(l => EngineTexts(l).Length >= before + 40, "40 lines after the engine is back", 40);
        await container.StopAsync();
        var log = await container.ReadEngineLogAsync();
        await lines.WaitUntilAsync(l => EngineTexts(l).Length >= log.Length, $"all {log.Length} lines the engine holds");
        await Task.Delay(300); // kept: proves a negative (no duplicate arrives right behind); there is no event to await
        await stop.CancelAsync();
        await reading;

        Assert.Equal(log, EngineTexts(lines.Items));
        Assert.Contains(lines.Items, l => l.Stream == LogStream.System && l.Text.StartsWith("Lost the log stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Many_viewers_share_one_engine_stream_that_stops_after_the_last_leaves()
    {
        await using var host = await HostAsync();
        var manager = host.Get<LogStreamManager>();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName(), TestContainer.CounterScript);
        var id = LogSourceId.ForContainer("node1", container.Name);

        var viewers = new List<LogSubscription>();
        for (var i = 0; i < 5; i++)
        {
            viewers.Add(await manager.OpenAsync(Admin, id, new LogFollowOptions { TailLines = 5 }));
        }

        Assert.Equal(1, manager.ActiveSourceCount);
        await Eventually.TrueAsync(() => viewers[0].LastSequence > 0, "the first lines in the shared buffer");
        foreach (var viewer in viewers)
        {
            await using var batches = viewer.FollowAsync().GetAsyncEnumerator();
            Assert.True(await batches.MoveNextAsync());
            Assert.NotEmpty(batches.Current.Lines);
            await viewer.DisposeAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (manager.ActiveSourceCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, manager.ActiveSourceCount);
    }

    [Fact]
    public async Task A_slow_viewer_is_told_what_it_missed_while_a_fast_one_gets_every_line()
    {
        const int total = 1500;
        await using var host = await HostAsync(new Dictionary<string, string?> { ["Logs:BufferCapacity"] = "200" });
        var manager = host.Get<LogStreamManager>();
        var script = $"busybox sleep 1; i=0; while [ $i -lt {total} ]; do i=$((i+1)); echo \"line $i\"; busybox usleep 1000; done; busybox sleep 3600";
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName(), script);
        var id = LogSourceId.ForContainer("node1", container.Name);
        await using var fast = await manager.OpenAsync(Admin, id, new LogFollowOptions { TailLines = 0 });
        await using var slow = await manager.OpenAsync(Admin, id, new LogFollowOptions { TailLines = 0 });
        var fastLines = new Collector<LogLine>();
        var fastGaps = new Collector<long>();
        using var stop = new CancellationTokenSource();
        var reading = Follow(fast, fastLines, fastGaps, stop.Token);

        // The slow viewer reads once, then stalls until the writer is done.
        await using var slowBatches = slow.FollowAsync(maxBatch: 10).GetAsyncEnumerator();
        Assert.True(await slowBatches.MoveNextAsync());
        long slowSeen = slowBatches.Current.Lines.Count, slowMissed = slowBatches.Current.Missed;
        await fastLines.WaitUntilAsync(l => EngineTexts(l).Length >= total, $"{total} lines for the fast viewer", 60);
        while (slowSeen + slowMissed < total)
        {
            Assert.True(await slowBatches.MoveNextAsync());
            slowSeen += slowBatches.Current.Lines.Count;
            slowMissed += slowBatches.Current.Missed;
        }

        await stop.CancelAsync();
        await reading;
        Assert.Equal(Enumerable.Range(1, total).Select(i => $"line {i}"), EngineTexts(fastLines.Items));
        Assert.Empty(fastGaps.Items);
        Assert.True(slowMissed > 0, "the stalled viewer was told it missed lines");
        Assert.Equal(total, slowSeen + slowMissed);
    }

    [Fact]
    public async Task A_tty_container_is_read_as_raw_output()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName(),
            "echo one; echo two >&2; busybox sleep 3600", tty: true);
        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(Admin, LogSourceId.ForContainer("node1", container.Name));
        var lines = new Collector<LogLine>();
        using var stop = new CancellationTokenSource();
        var reading = Follow(subscription, lines, null, stop.Token);

        await lines.WaitUntilAsync(l => EngineTexts(l).Length >= 2, "both lines");
        await stop.CancelAsync();
        await reading;

        Assert.Equal(["one", "two"], EngineTexts(lines.Items));
        Assert.All(lines.Items, l => Assert.NotNull(l.Timestamp));
    }
}
