using System.Globalization;
using TarsDashboard.Bench.Dom;
using TarsDashboard.Bench.Logs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Bench.Stats;

/// <summary>
/// Chart update latency end to end: a real engine, a container whose CPU and memory change every second, the service's
/// Metrics tab open in a signed-in Chromium. For each sample drawn, the time from the engine's reading (the stats
/// stream's <c>read</c> field, which the chart carries as <c>data-last-at</c>) to the first frame painted after the
/// SVG holding it reached the DOM. Engine, dashboard and browser share this machine's clock. p50/p95/max over ~60 samples.
/// </summary>
internal static class ChartLatencyBenchmark
{
    private const int Samples = 60;
    private static readonly Caller Admin = new("admin");

    // Busy for a moment, then idle, with a growing then reset buffer: CPU and memory both move every second.
    private const string Script =
        "i=0; while true; do i=$((i+1)); j=0; while [ $j -lt 3000 ]; do j=$((j+1)); done; "
        + "busybox dd if=/dev/zero of=/dev/shm/f bs=1M count=$(( (i % 8) * 4 )) 2>/dev/null; busybox sleep 1; done";

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting a docker engine...");
        await using var lab = await LogLab.StartAsync(cancellationToken);
        await using var container = await BenchContainer.StartAsync(lab.Engine, "Chart.Latency", ["sh", "-c", Script], cancellationToken: cancellationToken);
        using var app = new BenchWebApp(new Dictionary<string, string?> { ["Monitoring:RecordHistory"] = "false" });
        await app.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "chart1", Endpoint = lab.Engine.Endpoint }, cancellationToken);
        var id = await app.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Chart", ServerName = "Latency", NodeName = "chart1", TemplateName = "tars.default", Profile = "",
        }, cancellationToken);

        Console.WriteLine("Opening the Metrics tab in Chromium...");
        await using var browser = await BenchBrowser.StartAsync(app.BaseUrl, defaultTimeoutMs: 60_000);
        var page = browser.Page;
        await page.GotoAsync($"services/{id}");
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Metrics", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=resource-charts][data-state=ready]").WaitForAsync();
        // Each new sample: its reading time and the wall-clock time of the next frame painted after the DOM changed.
        await page.EvaluateAsync("""
            () => {
              window.__chartLatency = [];
              const charts = document.querySelector('[data-testid=resource-charts]');
              let last = charts.dataset.lastAt;
              new MutationObserver(() => {
                const at = charts.dataset.lastAt;
                if (!at || at === last || !charts.querySelector('[data-series=memory] svg path')) return;
                last = at;
                requestAnimationFrame(() => {
                  const painted = performance.timeOrigin + performance.now();
                  window.__chartLatency.push([Number(at), painted]);
                });
              }).observe(charts, { attributes: true, attributeFilter: ['data-last-at'] });
            }
            """);

        Console.WriteLine($"Collecting {Samples} samples (about one a second)...");
        var deadline = DateTime.UtcNow.AddSeconds(Samples * 3);
        double[][] pairs = [];
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000, cancellationToken);
            pairs = await page.EvaluateAsync<double[][]>("() => window.__chartLatency");
            if (pairs.Length >= Samples)
            {
                break;
            }
        }

        var latencies = pairs.Select(p => p[1] - p[0]).Order().ToArray();
        var memory = await page.Locator("[data-series=memory]").GetAttributeAsync("data-max");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Chart update latency, engine stats reading -> painted SVG in Chromium (Metrics tab, live), {latencies.Length} samples: "
            + $"p50 {At(latencies, 0.5):0} ms, p95 {At(latencies, 0.95):0} ms, max {At(latencies, 1):0} ms, min {At(latencies, 0):0} ms "
            + $"(memory series max {memory} MiB)"));
        if (latencies.Length < Samples / 2)
        {
            throw new InvalidOperationException($"Only {latencies.Length} samples were drawn.");
        }
    }

    private static double At(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
