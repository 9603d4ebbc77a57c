using System.Globalization;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// Log streaming on one real engine, all in one run: the same container's log read by the raw endpoint, by the
/// line assembler alone, through Core and through the hub; then live latency container → SignalR client; then
/// server memory with 20 hub viewers on a fast writer for 60 s.
/// </summary>
internal static class LogsBenchmark
{
    private const int Lines = 300_000;
    private const int Rounds = 5;
    private const int LatencySamples = 2_000;

    // ~125-byte lines like a Tars service log, numbered; a fixed bench script run by busybox awk.
    private static readonly string WriterScript =
        "busybox awk 'BEGIN{for(i=1;i<=" + Lines.ToString(CultureInfo.InvariantCulture) + ";i++) printf \"2026-11-23 07:13:24|INFO|Bench.Writer|"
        + "request %d handled in 3 ms, payload abcdefghijklmnopqrstuvwxyz0123456789\\n\", i}'";

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting a docker engine...");
        await using var lab = await LogLab.StartAsync(cancellationToken);
        Console.WriteLine($"Writing {Lines:N0} lines into a container's log...");
        await using var writer = await BenchContainer.StartAsync(lab.Engine, "Bench.Writer", ["sh", "-c", WriterScript],
            cancellationToken: cancellationToken);
        if (await writer.WaitAsync(cancellationToken) != 0)
        {
            throw new InvalidOperationException("The writer container failed.");
        }

        var table = new LogsResultTable(Lines);
        LatencyProbe.Result latency;
        using (var dashboard = await LogDashboard.StartAsync(lab, bufferCapacity: Lines + 10_000, cancellationToken))
        {
            await using var connection = await dashboard.ConnectAsync(cancellationToken);
            Console.WriteLine("Warming up (one pass of each path, not timed)...");
            await Throughput.RawAsync(lab.Engine, writer, Lines, cancellationToken);
            await Throughput.AssemblerAsync(lab.Engine, writer, Lines, cancellationToken);
            await Throughput.CoreAsync(dashboard, writer, Lines, cancellationToken);
            await Throughput.HubAsync(dashboard, connection, writer, Lines, cancellationToken);

            for (var round = 1; round <= Rounds; round++)
            {
                // Interleaved, so drift on the machine spreads over every path.
                table.Raw.Add(await Throughput.RawAsync(lab.Engine, writer, Lines, cancellationToken));
                table.Assembler.Add(await Throughput.AssemblerAsync(lab.Engine, writer, Lines, cancellationToken));
                table.Core.Add(await Throughput.CoreAsync(dashboard, writer, Lines, cancellationToken));
                table.Hub.Add(await Throughput.HubAsync(dashboard, connection, writer, Lines, cancellationToken));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round}/{Rounds}: raw {table.Raw.Milliseconds[^1]:0} ms, assembler {table.Assembler.Milliseconds[^1]:0} ms, "
                    + $"Core {table.Core.Milliseconds[^1]:0} ms, hub {table.Hub.Milliseconds[^1]:0} ms"));
            }

            Console.WriteLine($"Live latency: {LatencySamples:N0} lines written into a container at 100 lines/s...");
            latency = await LatencyProbe.RunAsync(lab, dashboard, LatencySamples, TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        Console.WriteLine("Memory: 20 hub viewers (2 of them slow) following a fast writer for 60 s, default buffer (100,000 lines)...");
        IReadOnlyList<MemoryWatch.Sample> memory;
        using (var dashboard = await LogDashboard.StartAsync(lab, bufferCapacity: 100_000, cancellationToken))
        {
            memory = await MemoryWatch.RunAsync(lab, dashboard, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), cancellationToken);
        }

        Console.WriteLine();
        table.Print(latency, memory);
        Console.WriteLine("Stopping the engine...");
    }
}
