using Microsoft.Playwright;

namespace TarsDashboard.Tests.Web;

/// <summary>Where the log browser tests start: the app with the test's engines registered as nodes, and a page signed in as admin.</summary>
public sealed class SignedInDashboard : IDisposable
{
    private SignedInDashboard(DashboardApp app, IPage page)
    {
        App = app;
        Page = page;
    }

    public DashboardApp App { get; }

    public IPage Page { get; }

    /// <param name="nodes">Engine-managed nodes to register, by name and engine endpoint.</param>
    /// <param name="settings">App settings beyond <see cref="DashboardApp"/>'s defaults.</param>
    public static async Task<SignedInDashboard> StartAsync(BrowserFixture browser, IEnumerable<(string Name, string Endpoint)> nodes,
        IDictionary<string, string?>? settings = null)
    {
        var app = new DashboardApp(settings);
        try
        {
            foreach (var (name, endpoint) in nodes)
            {
                await app.AddNodeAsync(name, endpoint);
            }

            var page = await browser.NewPageAsync(app);
            await BrowserFixture.SignInAsync(page);
            return new SignedInDashboard(app, page);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    public void Dispose() => App.Dispose();
}
