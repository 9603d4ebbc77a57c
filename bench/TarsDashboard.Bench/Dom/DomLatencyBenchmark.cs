using System.Globalization;
using Microsoft.Playwright;
using TarsDashboard.Bench.Logs;

namespace TarsDashboard.Bench.Dom;

/// <summary>
/// End-to-end latency as a person sees it: a line written in a container until it is in the Logs page's DOM in
/// Chromium. The writer is this process (the container runs <c>busybox cat</c> with stdin attached, as in the logs
/// benchmark's probe), each line carrying the host clock's Unix time in milliseconds; a MutationObserver in the page
/// notes when each line's row first appears, on the browser's clock (<c>performance.timeOrigin + performance.now()</c>).
/// Both are the same host's wall clock, but the browser's is fixed at navigation and then runs monotonic, so the offset
/// between the two is measured (round-trip midpoint) before and after the run and subtracted.
/// </summary>
internal static class DomLatencyBenchmark
{
    private const int Samples = 600;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting a docker engine...");
        await using var lab = await LogLab.StartAsync(cancellationToken);
        using var dashboard = await LogDashboard.StartAsync(lab, bufferCapacity: 100_000, cancellationToken);
        await using var first = await ProbeWriter.StartAsync(lab, "Dom.Probe", cancellationToken);
        await using var second = await ProbeWriter.StartAsync(lab, "Dom.Second", cancellationToken);

        Console.WriteLine("Starting Chromium...");
        await using var browser = await BenchBrowser.StartAsync(dashboard.BaseUrl);
        var page = browser.Page;

        string Source(ProbeWriter writer) => Uri.EscapeDataString($"container:{LogDashboard.NodeName}:{writer.Name}");
        var single = await MeasureAsync(page, $"logs?tail=0&source={Source(first)}", [first], cancellationToken);
        var merged = await MeasureAsync(page, $"logs?tail=0&source={Source(first)}&source={Source(second)}", [first, second], cancellationToken);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DOM latency, line written into a container -> its row in the Logs page's DOM (Chromium, {Samples} lines at "
            + $"{1000 / Interval.TotalMilliseconds:0}/s per view; goal p95 < 300 ms)"));
        Print("one source", single);
        Print("two sources merged (lines alternate)", merged);
    }

    // Opens the view, writes the probe lines (round robin over the writers) and returns the latencies in ms.
    private static async Task<Measurement> MeasureAsync(IPage page, string url, ProbeWriter[] writers, CancellationToken cancellationToken)
    {
        await page.GotoAsync(url);
        await page.Locator($"#logs[data-ready=true] .log-viewer[data-sources='{writers.Length}']").WaitForAsync();
        await page.EvaluateAsync(DomWatcher.Script);
        var before = await ClockOffsetAsync(page);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Writing {Samples} lines into {writers.Length} container(s): {url}"));
        var sentAt = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            sentAt[i] = HostNowMs();
            await writers[i % writers.Length].WriteAsync(string.Create(CultureInfo.InvariantCulture, $"dom {i} {sentAt[i]:0.000}\n"), cancellationToken);
            await Task.Delay(Interval, cancellationToken);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && await page.EvaluateAsync<int>("() => window.__domSeen.size") < Samples)
        {
            await Task.Delay(100, cancellationToken);
        }

        var after = await ClockOffsetAsync(page);
        var offset = (before + after) / 2;
        var seen = await page.EvaluateAsync<double[][]>("() => [...window.__domSeen.entries()]");
        var latencies = seen.Where(e => e[0] >= 0 && e[0] < Samples).Select(e => e[1] - offset - sentAt[(int)e[0]]).Order().ToArray();
        return new Measurement(latencies, before, after);
    }

    // Browser clock minus host clock in ms: the page's reading against the midpoint of the host's before and after.
    private static async Task<double> ClockOffsetAsync(IPage page)
    {
        var best = (RoundTrip: double.MaxValue, Offset: 0.0);
        for (var i = 0; i < 20; i++)
        {
            var start = HostNowMs();
            var browserNow = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var end = HostNowMs();
            if (end - start < best.RoundTrip)
            {
                best = (end - start, browserNow - ((start + end) / 2));
            }
        }

        return best.Offset;
    }

    private static double HostNowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerMillisecond;

    private static void Print(string view, Measurement measurement)
    {
        var sorted = measurement.Latencies;
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {view,-38} seen {sorted.Length} of {Samples}   p50 {At(0.50):0.0} ms   p95 {At(0.95):0.0} ms   p99 {At(0.99):0.0} ms   "
            + $"max {(sorted.Length > 0 ? sorted[^1] : double.NaN):0.0} ms   {(sorted.Length == Samples && At(0.95) < 300 ? "goal met" : "goal NOT met")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"",-38} clock offset browser - host {measurement.OffsetBefore:0.00} ms before, {measurement.OffsetAfter:0.00} ms after (mean subtracted)"));
    }

    private sealed record Measurement(double[] Latencies, double OffsetBefore, double OffsetAfter);
}
