using Microsoft.Playwright;
using TarsDashboard.Bench.Logs;

namespace TarsDashboard.Bench.Dom;

/// <summary>Debian's Chromium driven by Playwright, as the browser tests do (no browser download), signed in as admin.</summary>
internal sealed class BenchBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BenchBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<BenchBrowser> StartAsync(Uri baseUrl, float defaultTimeoutMs = 30_000)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(), Locale = "en-US", ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(defaultTimeoutMs);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        return new BenchBrowser(playwright, browser, page);
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(BenchWebApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
