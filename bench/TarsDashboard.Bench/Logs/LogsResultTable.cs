using System.Globalization;

namespace TarsDashboard.Bench.Logs;

/// <summary>Prints the log benchmark: throughput of each path against the raw read, latency, and memory over time.</summary>
internal sealed class LogsResultTable(int lines)
{
    public Timings Raw { get; } = new("raw engine read");
    public Timings Assembler { get; } = new("assembler alone");
    public Timings Core { get; } = new("Core source");
    public Timings Hub { get; } = new("hub client");

    public void Print(LatencyProbe.Result latency, IReadOnlyList<MemoryWatch.Sample> memory)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Log throughput: one container, {lines:N0} lines of ~125 bytes (timestamps=1), {Raw.Milliseconds.Count} runs each, "
            + $"{Environment.ProcessorCount} CPUs, vfs engine; median and best run, each ratio against the raw read's"));
        string[] headers = ["path", "median lines/s", "ratio", "best lines/s", "ratio", "goal"];
        var raw = (lines / (Raw.Median / 1000), lines / (Raw.Min / 1000));
        string[][] rows =
        [
            Row("raw engine log endpoint (HttpClient, count '\\n')", Raw, raw, ""),
            Row("assembler alone (same read + DockerFrameLineAssembler)", Assembler, raw, ""),
            Row("Core (LogStreamManager: Docker.DotNet, assembler, numbering, ring buffer, 1 follower)", Core, raw, ">= 0.9"),
            Row("hub /hubs/live -> SignalR client (JSON over WebSockets)", Hub, raw, ">= 0.5"),
        ];
        PrintTable(headers, rows);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Live latency, line written into the container -> received ({latency.Sent:N0} lines at 100/s; goal p99 < 100 ms)"));
        PrintTable(["path", "samples", "p50 ms", "p99 ms", "max ms"],
        [
            Latency("hub -> SignalR client", latency.Hub),
            Latency("Core follower (in-process)", latency.Core),
            Latency("  of which container + engine (to Docker's stamp)", latency.EngineShare),
            Latency("  of which dashboard + hub (Docker's stamp -> client)", latency.DashboardShare),
        ]);

        Console.WriteLine();
        Console.WriteLine("Memory with 20 hub viewers (18 SignalR clients reading at full speed, 2 slow links) on a fast writer; "
            + "whole bench process (server and the 18 clients)");
        PrintTable(["s", "written lines/s", "working set MB", "GC heap MB", "fast viewers got", "fast told missed", "slow got", "slow told missed", "slow dropped"],
            memory.Select(m => new[]
            {
                F(m.Seconds, "0"), F(m.LinesPerSecond, "0"), F(m.WorkingSetMb, "0"), F(m.HeapMb, "0"), $"{m.FastMin}-{m.FastMax}",
                N(m.FastMissed), N(m.SlowReceived), N(m.SlowMissed), N(m.SlowDropped),
            }).ToArray());
        if (memory.Count > 0 && memory[^1].SlowDropped > 0)
        {
            Console.WriteLine("slow dropped: closed by the server when one send to it stalled past SignalR's TransportSendTimeout (10 s)");
        }
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private string[] Row(string path, Timings timings, (double Median, double Best) raw, string goal)
    {
        var (median, best) = (lines / (timings.Median / 1000), lines / (timings.Min / 1000));
        return [path, F(median, "N0"), F(median / raw.Median, "0.00"), F(best, "N0"), F(best / raw.Best, "0.00"), goal];
    }

    private static string[] Latency(string path, Percentiles p) =>
        [path, p.Count.ToString(CultureInfo.InvariantCulture), F(p.P50, "0.0"), F(p.P99, "0.0"), F(p.Max, "0.0")];

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void PrintTable(string[] headers, string[][] rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Length == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(Line(headers, widths));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row, widths));
        }
    }

    // First column left-aligned (labels), numbers right-aligned.
    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
}
