using System.Globalization;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>Prints the sync results: one row per statistic, ratio and overhead computed from the same statistic.</summary>
internal static class ResultTable
{
    private static readonly string[] Headers = ["", "1 node ms", "4 nodes ms", "ratio 4/1", "raw 4-node ms", "our overhead %"];

    public static void Print(Timings oneNode, Timings allNodes, Timings raw)
    {
        string[][] rows =
        [
            Row("median", oneNode.Median, allNodes.Median, raw.Median),
            Row("min", oneNode.Min, allNodes.Min, raw.Min),
        ];
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(Line(Headers, widths));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row, widths));
        }

        Console.WriteLine();
        foreach (var timings in new[] { oneNode, allNodes, raw })
        {
            Console.WriteLine($"{timings.Name + " runs:",-22} {string.Join(", ", timings.Milliseconds.Select(Ms))} ms");
        }
    }

    private static string[] Row(string statistic, double one, double all, double raw) =>
    [
        statistic,
        Ms(one),
        Ms(all),
        (all / one).ToString("0.00", CultureInfo.InvariantCulture),
        Ms(raw),
        // Positive: the service took longer than the bare engine calls for the same 4-node pull.
        ((all - raw) / raw * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture),
    ];

    private static string Ms(double milliseconds) => milliseconds.ToString("0", CultureInfo.InvariantCulture);

    // First column left-aligned (labels), numbers right-aligned.
    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
}
