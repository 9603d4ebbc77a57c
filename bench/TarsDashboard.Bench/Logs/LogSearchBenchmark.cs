using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using TarsDashboard.Bench.Dom;
using TarsDashboard.Core.Logs;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// History search over 1,000,000 lines of one container's engine log: the raw engine read of the same range
/// (<c>since</c>/<c>until</c>, every byte read and its '\n's counted) against <see cref="LogStreamManager.SearchRangeAsync"/>
/// with a regex matching every tenth line (100,000 matches) and with a needle matching one; time to the first match
/// and to completion, 3 rounds each, interleaved. Then the Logs page's history mode in Chromium while the 100,000
/// matches stream in: the delay from each key pressed to the next frame the page paints (goal &lt; 100 ms).
/// </summary>
internal static class LogSearchBenchmark
{
    private const int Lines = 1_000_000;
    private const int Rounds = 3;

    // ~100-byte lines, every tenth an ERROR; a fixed bench script run by busybox awk.
    private static readonly string WriterScript =
        "busybox awk 'BEGIN{for(i=1;i<=" + Lines.ToString(CultureInfo.InvariantCulture) + ";i++) printf \"%s request %d handled in 3 ms, "
        + "payload abcdefghijklmnopqrstuvwxyz0123456789\\n\", (i % 10 == 0 ? \"ERROR\" : \"INFO\"), i}'";

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting a docker engine...");
        await using var lab = await LogLab.StartAsync(cancellationToken);
        var from = DateTimeOffset.UtcNow.AddSeconds(-5);
        Console.WriteLine($"Writing {Lines:N0} lines into a container's log...");
        await using var writer = await BenchContainer.StartAsync(lab.Engine, "Search.Writer", ["sh", "-c", WriterScript], cancellationToken: cancellationToken);
        if (await writer.WaitAsync(cancellationToken) != 0)
        {
            throw new InvalidOperationException("The writer container failed.");
        }

        var range = LogTimeRange.TryCreate(from, DateTimeOffset.UtcNow.AddSeconds(5), out _)!;
        using var dashboard = await LogDashboard.StartAsync(lab, bufferCapacity: 10_000, cancellationToken);
        var id = LogSourceId.ForContainer(LogDashboard.NodeName, writer.Name);
        var many = new LogRangeQuery(range, LogSearch.TryCreate(@"^ERROR request \d+", useRegex: true, matchCase: true, out _)!);
        var one = new LogRangeQuery(range, LogSearch.TryCreate("request 999999 handled", useRegex: false, matchCase: true, out _)!);

        Console.WriteLine("Warming up (one pass of each, not timed)...");
        await RawAsync(lab, writer, range, cancellationToken);
        await SearchAsync(dashboard, id, many, cancellationToken);
        var raw = new List<Timing>();
        var regex = new List<Timing>();
        var needle = new List<Timing>();
        for (var round = 1; round <= Rounds; round++)
        {
            raw.Add(await RawAsync(lab, writer, range, cancellationToken));
            regex.Add(await SearchAsync(dashboard, id, many, cancellationToken));
            needle.Add(await SearchAsync(dashboard, id, one, cancellationToken));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}/{Rounds}: raw {raw[^1].TotalMs:0} ms, regex {regex[^1].TotalMs:0} ms ({regex[^1].Matches:N0} matches), "
                + $"needle {needle[^1].TotalMs:0} ms ({needle[^1].Matches:N0} match)"));
        }

        Console.WriteLine("Browser: the Logs page's history mode while 100,000 matches stream in...");
        var browser = await BrowserAsync(dashboard, id, cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"History search over {Lines:N0} lines of one container's engine log (median of {Rounds} rounds; goal: within 1.5x of raw)");
        Print("raw engine read (since/until, count '\\n')", raw, raw);
        Print("Core range search, regex, 100,000 matches", regex, raw);
        Print("Core range search, text, 1 match", needle, raw);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Browser (Chromium, Logs page history mode, {browser.Matches:N0} matches): first row after {browser.FirstRowMs:0} ms, "
            + $"done after {browser.DoneMs:0} ms; key -> next frame over {browser.Latencies.Length} keys: p50 {At(browser.Latencies, 0.5):0} ms, "
            + $"p95 {At(browser.Latencies, 0.95):0} ms, max {At(browser.Latencies, 1):0} ms ({(At(browser.Latencies, 0.95) < 100 ? "goal met" : "goal NOT met")}: < 100 ms)"));
    }

    private static async Task<Timing> RawAsync(LogLab lab, BenchContainer writer, LogTimeRange range, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var url = $"/containers/{writer.Id}/logs?stdout=1&stderr=1&timestamps=1&since={ContainerResumePoint.FormatSince(range.From)}"
            + $"&until={ContainerResumePoint.FormatSince(range.To)}";
        using var response = await lab.Engine.ApiClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        long lines = 0;
        double? first = null;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            first ??= watch.Elapsed.TotalMilliseconds;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        if (lines != Lines)
        {
            throw new InvalidOperationException($"The raw read saw {lines} lines, not {Lines}.");
        }

        return new Timing(first ?? 0, watch.Elapsed.TotalMilliseconds, lines);
    }

    private static async Task<Timing> SearchAsync(LogDashboard dashboard, LogSourceId id, LogRangeQuery query, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        double? first = null;
        LogRangeBatch? last = null;
        await foreach (var batch in (await dashboard.Logs.SearchRangeAsync(LogDashboard.Admin, id, query, cancellationToken)).WithCancellation(cancellationToken))
        {
            if (batch.Matches.Count > 0)
            {
                first ??= watch.Elapsed.TotalMilliseconds;
            }

            last = batch;
        }

        if (last?.Scanned != Lines)
        {
            throw new InvalidOperationException($"The search read {last?.Scanned} lines, not {Lines}.");
        }

        return new Timing(first ?? 0, watch.Elapsed.TotalMilliseconds, last.MatchCount);
    }

    private static async Task<BrowserResult> BrowserAsync(LogDashboard dashboard, LogSourceId id, CancellationToken cancellationToken)
    {
        await using var browser = await BenchBrowser.StartAsync(dashboard.BaseUrl, defaultTimeoutMs: 60_000);
        var page = browser.Page;
        await page.GotoAsync($"logs?mode=history&source={Uri.EscapeDataString(id.ToString())}");
        await page.Locator("#logs[data-ready=true] [data-testid=log-history]").WaitForAsync();
        var pattern = page.GetByLabel("Search history");
        await pattern.FillAsync("ERROR");
        // Each key's delay to the next frame painted after its handlers ran: what a person feels while typing.
        await page.EvaluateAsync("""
            () => {
              window.__keyDelays = [];
              document.addEventListener('keydown', e => {
                const pressed = e.timeStamp;
                requestAnimationFrame(() => setTimeout(() => window.__keyDelays.push(performance.now() - pressed), 0));
              }, true);
            }
            """);
        var watch = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=log-history] [data-seq]").First.WaitForAsync();
        var firstRow = watch.Elapsed.TotalMilliseconds;
        await pattern.FocusAsync();
        while (await page.Locator("[data-testid=log-history]").GetAttributeAsync("data-state") == "running" && watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            await page.Keyboard.PressAsync(" ");
            await Task.Delay(100, cancellationToken);
        }

        var done = watch.Elapsed.TotalMilliseconds;
        var matches = long.Parse(await page.Locator("[data-testid=log-history]").GetAttributeAsync("data-matches") ?? "0", CultureInfo.InvariantCulture);
        await Task.Delay(200, cancellationToken);
        var delays = (await page.EvaluateAsync<double[]>("() => window.__keyDelays")).Order().ToArray();
        return new BrowserResult(firstRow, done, matches, delays);
    }

    private static double At(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void Print(string what, List<Timing> timings, List<Timing> raw)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        var (first, total) = (Median(timings.Select(t => t.FirstMs)), Median(timings.Select(t => t.TotalMs)));
        var ratio = total / Median(raw.Select(t => t.TotalMs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-44} first result {first,7:0} ms   complete {total,7:0} ms   {Lines / (total / 1000),11:N0} lines/s   {ratio:0.00}x raw"));
    }

    private sealed record Timing(double FirstMs, double TotalMs, long Matches);

    private sealed record BrowserResult(double FirstRowMs, double DoneMs, long Matches, double[] Latencies);
}
