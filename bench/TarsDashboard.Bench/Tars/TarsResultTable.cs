using System.Globalization;
using TarsDashboard.Bench.Logs;

namespace TarsDashboard.Bench.Tars;

/// <summary>Prints the Tars benchmark: codec throughput, RPC latency and throughput, allocation per decoded TaskRsp.</summary>
internal static class TarsResultTable
{
    public static void Print(IReadOnlyList<CodecThroughput.Result> codec, IReadOnlyList<RpcLoad.Result> rpc,
        CodecThroughput.Result taskRspDecode, int openConnections, int acceptedConnections)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Codec (TarsCodec, one thread, {Environment.ProcessorCount} CPUs): {SampleTasks.Items} items each; MB/s of the encoded bytes, allocation per op"));
        PrintTable(["operation", "encoded bytes", "ops", "s", "ops/s", "MB/s", "allocated B/op"],
            codec.Select(r => new[]
            {
                r.Name, N(r.EncodedBytes), N(r.Ops), F(r.Elapsed.TotalSeconds, "0.00"), F(r.OpsPerSecond, "N0"),
                F(r.MegabytesPerSecond, "0.0"), F(r.AllocatedBytesPerOp, "N0"),
            }).ToArray());

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RPC over loopback: AdminRegistryClient -> TarsConnectionPool -> in-process responder; connections open {openConnections}, accepted {acceptedConnections}"));
        PrintTable(["call", "callers", "calls", "calls/s", "p50 µs", "p99 µs", "max µs", "calls > 50 ms", "allocated B/call (process)"],
            rpc.Select(r =>
            {
                var p = Percentiles.Of(r.LatenciesMicroseconds);
                return new[]
                {
                    r.Name, N(r.Callers), N(p.Count), F(r.CallsPerSecond, "N0"), F(p.P50, "0"), F(p.P99, "0"), F(p.Max, "0"),
                    N(r.LatenciesMicroseconds.Count(us => us > 50_000)), F(r.AllocatedBytesPerCall, "N0"),
                };
            }).ToArray());

        Console.WriteLine();
        const string How = "GC.GetAllocatedBytesForCurrentThread over 10,000 decodes";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Allocated per decoded TaskRsp ({SampleTasks.Items} items, {taskRspDecode.EncodedBytes:N0} bytes): {taskRspDecode.AllocatedBytesPerOp:N0} B ({How})"));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

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
