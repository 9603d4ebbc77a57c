using TarsDashboard.Bench;
using TarsDashboard.Bench.Dom;
using TarsDashboard.Bench.ImageSync;
using TarsDashboard.Bench.Live;
using TarsDashboard.Bench.Logs;
using TarsDashboard.Bench.Stats;
using TarsDashboard.Bench.Tars;

// One command per benchmark, so later ones (logs, ...) are added here without touching the existing ones.
var commands = new Dictionary<string, (string Description, Func<CancellationToken, Task> RunAsync)>(StringComparer.OrdinalIgnoreCase)
{
    ["sync"] = ("ImageSyncService.SyncAsync to 1 and 4 real engines, against a raw engine pull", ImageSyncBenchmark.RunAsync),
    ["logs"] = ("Log lines/s raw vs Core vs hub, live latency to a SignalR client, memory with 20 viewers", LogsBenchmark.RunAsync),
    ["logsearch"] = ("History search over 1,000,000 lines vs the raw engine read; browser key latency while 100,000 matches stream in", LogSearchBenchmark.RunAsync),
    ["logseek"] = ("History search of the last 5 min / 1 h / 2 h of a 1,000,000-line log file: bisected by time vs read from the start", LogFileSeekBenchmark.RunAsync),
    ["dom"] = ("Latency from a line written in a container to the line in the Logs page's DOM in Chromium", DomLatencyBenchmark.RunAsync),
    ["stats"] = ("Resource monitoring cost: N containers on 4 engines recorded, 5 live followers; CPU, memory, latency, 30-day query", StatsBenchmark.RunAsync),
    ["chartlatency"] = ("Chart update latency: engine stats reading -> painted SVG on the Metrics tab in Chromium, p50/p95/max over ~60 samples", ChartLatencyBenchmark.RunAsync),
    ["fanout"] = ("Live events across two instances through a real redis-server: publish->receive p50/p95/p99/max and events/s, 10,000 events", FanOutBenchmark.RunAsync),
    ["tars"] = ("Our Tars codec (10-item TaskReq/TaskRsp) and pooled RPC to a loopback AdminRegObj, 1 and 64 callers", TarsBenchmark.RunAsync),
};

if (args.Length != 1 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/TarsDashboard.Bench -- <command>");
    Console.Error.WriteLine("Commands:");
    foreach (var (name, (description, _)) in commands)
    {
        Console.Error.WriteLine($"  {name,-8} {description}");
    }

    return 2;
}

using var shutdown = new ShutdownSignal();
try
{
    await command.RunAsync(shutdown.Token);
    return 0;
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; the servers it had started are stopped.");
    return 130;
}
catch (Exception exception)
{
    // By now every server is stopped (each benchmark cleans up in finally); only the reason is left to show.
    Console.Error.WriteLine($"Benchmark '{args[0]}' failed: {exception}");
    return 1;
}
