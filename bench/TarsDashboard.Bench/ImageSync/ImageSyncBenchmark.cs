using System.Diagnostics;
using System.Globalization;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>
/// How long <c>ImageSyncService.SyncAsync</c> takes to pull a ~33 MB image from a private registry (with auth) onto 1 and
/// onto 4 real engines, and how much of the 4-node time is the service itself rather than the engines' work (compared
/// with the same pull through Docker.DotNet alone).
/// </summary>
internal static class ImageSyncBenchmark
{
    private const int NodeCount = 4;
    private const int Rounds = 3;
    private const int RandomBytes = 32 * 1024 * 1024;
    // Warm-up images are small: they only have to run every code path once (JIT, connections, SQLite), not to be timed.
    private const int WarmUpRandomBytes = 1024 * 1024;
    private const string Repository = "bench/sync";

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"Starting a private registry with auth and {NodeCount} docker engines...");
        await using var lab = await SyncLab.StartAsync(NodeCount, cancellationToken);
        await using var dashboard = await BenchDashboard.CreateAsync(lab, cancellationToken);
        using var raw = new RawPull(lab.Nodes, lab.Registry);

        // Every measurement gets its own image (new random layer) under a fresh tag, published before any timing starts
        // so that pushing never competes with a measured pull.
        Console.WriteLine($"Publishing {2 + Rounds * 3} test images (busybox + random data) to the registry...");
        var builder = lab.Nodes[0];
        Task<(string Reference, long LayerBytes)> PublishAsync(string tag, int randomBytes) =>
            RandomLayerImage.PublishAsync(builder, lab.Registry, Repository, tag, randomBytes, cancellationToken);

        var warmUpSync = (await PublishAsync("warmup-sync", WarmUpRandomBytes)).Reference;
        var warmUpRaw = (await PublishAsync("warmup-raw", WarmUpRandomBytes)).Reference;
        var rounds = new List<(string One, string All, string Raw)>();
        long layerBytes = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var one = await PublishAsync($"r{round}-one", RandomBytes);
            var all = await PublishAsync($"r{round}-all", RandomBytes);
            var raw4 = await PublishAsync($"r{round}-raw", RandomBytes);
            layerBytes = one.LayerBytes;
            rounds.Add((one.Reference, all.Reference, raw4.Reference));
        }

        Console.WriteLine("Warming up (small image, not timed)...");
        await TimeSyncAsync(dashboard, lab.Nodes, warmUpSync, cancellationToken);
        await TimeRawAsync(raw, lab.Nodes, warmUpRaw, cancellationToken);

        var oneNode = new Timings("1 node (sync)");
        var fourNodes = new Timings($"{NodeCount} nodes (sync)");
        var rawFour = new Timings($"{NodeCount} nodes (raw)");
        for (var round = 0; round < Rounds; round++)
        {
            // Interleaved, so that drift on the machine (other work, cache, disk) spreads over all three kinds of run.
            // The single node rotates, so no engine's own speed decides the 1-node figure.
            var single = lab.Nodes[round % NodeCount];
            oneNode.Add(await TimeSyncAsync(dashboard, [single], rounds[round].One, cancellationToken));
            fourNodes.Add(await TimeSyncAsync(dashboard, lab.Nodes, rounds[round].All, cancellationToken));
            rawFour.Add(await TimeRawAsync(raw, lab.Nodes, rounds[round].Raw, cancellationToken));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round + 1}/{Rounds}: 1 node ({single.Name}) {oneNode.Milliseconds[^1]:0} ms, {NodeCount} nodes {fourNodes.Milliseconds[^1]:0} ms, raw {NodeCount} nodes {rawFour.Milliseconds[^1]:0} ms"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Image sync: 1 layer of {layerBytes / 1e6:0.0} MB (busybox + {RandomBytes >> 20} MiB random), registry with auth, vfs engines, {Environment.ProcessorCount} CPUs, {Rounds} runs each"));
        ResultTable.Print(oneNode, fourNodes, rawFour);
        Console.WriteLine("Stopping the engines and the registry...");
    }

    /// <summary>Times one <c>SyncAsync</c> call end to end, as the page makes it; only counts when every node succeeded.</summary>
    private static async Task<TimeSpan> TimeSyncAsync(BenchDashboard dashboard, IReadOnlyList<DockerEngineInstance> nodes, string reference,
        CancellationToken cancellationToken)
    {
        await EngineImages.RequireAsync(nodes, reference, present: false, cancellationToken);
        // Saving the image is set-up, not part of a sync.
        var imageId = await dashboard.AddImageAsync(reference, cancellationToken);
        var watch = Stopwatch.StartNew();
        var result = await dashboard.SyncAsync(imageId, nodes.Select(n => n.Name).ToList(), cancellationToken);
        watch.Stop();
        if (!result.AllSucceeded)
        {
            throw new InvalidOperationException($"Sync of {reference} failed: {result.Summary}");
        }

        await EngineImages.RequireAsync(nodes, reference, present: true, cancellationToken);
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> TimeRawAsync(RawPull raw, IReadOnlyList<DockerEngineInstance> nodes, string reference, CancellationToken cancellationToken)
    {
        await EngineImages.RequireAsync(nodes, reference, present: false, cancellationToken);
        var watch = Stopwatch.StartNew();
        await raw.PullAsync(reference, cancellationToken);
        watch.Stop();
        await EngineImages.RequireAsync(nodes, reference, present: true, cancellationToken);
        return watch.Elapsed;
    }
}
