using System.Globalization;
using System.Text;
using Docker.DotNet.Models;
using Microsoft.Playwright;
using TarsDashboard.Bench.Logs;
using TarsDashboard.Core.Nodes;

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
        await using var container = await BenchContainer.StartAsync(lab.Engine, "Dom.Probe", ["busybox", "cat"], openStdin: true,
            cancellationToken: cancellationToken);
        using var docker = DockerClientPool.Create(lab.Engine.Endpoint, "");
        using var stdin = await docker.Containers.AttachContainerAsync(container.Id,
            new ContainerAttachParameters { Stream = true, Stdin = true }, cancellationToken);

        Console.WriteLine("Starting Chromium and opening the Logs page...");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = dashboard.BaseUrl.ToString(), Locale = "en-US", ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"logs?tail=0&source={Uri.EscapeDataString(LogDashboard.SourceId(container))}");
        await page.Locator("#logs[data-ready=true] .log-viewer").WaitForAsync();
        await page.EvaluateAsync(DomWatcher.Script);

        var before = await ClockOffsetAsync(page);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Writing {Samples} lines at {1000 / Interval.TotalMilliseconds:0} lines/s (browser clock - host clock: {before:0.00} ms)..."));
        var sentAt = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            sentAt[i] = HostNowMs();
            var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dom {i} {sentAt[i]:0.000}\n"));
            await stdin.WriteAsync(line, 0, line.Length, cancellationToken);
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
        var latencies = seen.Where(e => e[0] >= 0 && e[0] < Samples).Select(e => e[1] - offset - sentAt[(int)e[0]]).ToList();

        Console.WriteLine();
        Print(latencies, before, after);
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(BenchWebApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
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

    private static void Print(List<double> latencies, double before, double after)
    {
        var sorted = latencies.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DOM latency, line written into the container -> its row in the Logs page's DOM (Chromium, {Samples} lines at "
            + $"{1000 / Interval.TotalMilliseconds:0}/s; goal p95 < 300 ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  seen {sorted.Length} of {Samples}   p50 {At(0.50):0.0} ms   p95 {At(0.95):0.0} ms   p99 {At(0.99):0.0} ms   max {(sorted.Length > 0 ? sorted[^1] : double.NaN):0.0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  clock offset browser - host: {before:0.00} ms before, {after:0.00} ms after (their mean is subtracted)"));
        Console.WriteLine(sorted.Length > 0 && At(0.95) < 300 ? "  p95 goal met" : "  p95 goal NOT met");
    }
}
