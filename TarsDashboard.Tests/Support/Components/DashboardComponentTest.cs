using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using TarsDashboard.Security;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>
/// bUnit with MudBlazor, the app's localizer and the real Core graph on a fresh embedded database
/// (anything not registered here comes from <see cref="Core"/>).
/// </summary>
public abstract class DashboardComponentTest : BunitContext, IAsyncLifetime
{
    static DashboardComponentTest()
    {
        // The suite runs engines, databases and browsers on two cores: bUnit's 1 s default for WaitFor* is too tight.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected CoreHost Core { get; private set; } = null!;

    protected BunitAuthorizationContext Auth { get; private set; } = null!;

    /// <summary>Settings for <see cref="Core"/> beyond the defaults (e.g. a loopback framework's locator).</summary>
    protected virtual IDictionary<string, string?>? CoreSettings => null;

    public virtual async Task InitializeAsync()
    {
        Core = await CoreHost.CreateSqliteAsync(CoreSettings);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddTransient<MudBlazor.MudLocalizer, TarsDashboard.Model.DashboardMudLocalizer>();
        Services.AddScoped<CurrentCaller>();
        Services.AddFallbackServiceProvider(Core.Services);
        Auth = AddAuthorization();
        Auth.SetAuthorized("admin");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Core.DisposeAsync();
    }
}
