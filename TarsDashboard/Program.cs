using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using TarsDashboard.Components;
using TarsDashboard.Core;
using TarsDashboard.Endpoints;
using TarsDashboard.Hubs;
using TarsDashboard.Model;
using TarsDashboard.Security;

var builder = WebApplication.CreateBuilder(args);

// Serve MudBlazor's and the framework's assets from the build output in any environment (tests run as Production);
// in a published app the assets are in wwwroot and this does nothing.
builder.WebHost.UseStaticWebAssets();

// The database the first-run wizard chose, if any; environment variables and the command line still override it.
TarsDashboard.Core.Deploy.Setup.DatabaseSettingsFile.For(builder.Environment.ContentRootPath, builder.Configuration).AddTo(builder.Configuration);
builder.Services.AddTarsDashboardCore(builder.Configuration);
// Profiles and templates are edited in the browser; the circuit must carry more than the default 32 KB per message.
builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
builder.Services.AddMudServices(o =>
{
    // At the top right, messages cover the pages' main buttons ("Add user", "Add node") for seconds at a time.
    o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
});
builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
builder.Services.AddTransient<MudBlazor.MudLocalizer, TarsDashboard.Model.DashboardMudLocalizer>();
var signalR = builder.Services.AddSignalR();
// Several instances behind a load balancer: hub messages cross instances through Redis (the live event bus has its
// own relay in Core). Without Redis:Configuration nothing here touches Redis.
var redis = builder.Configuration.GetSection(TarsDashboard.Core.Live.RedisOptions.SectionName).Get<TarsDashboard.Core.Live.RedisOptions>();
if (redis is { IsEnabled: true })
{
    signalR.AddStackExchangeRedis(redis.Configuration, o =>
    {
        o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(redis.ChannelPrefix);
        // Come up while Redis is down and reconnect in the background, like the event relay.
        o.Configuration.AbortOnConnectFail = false;
    });
    TarsDashboard.Hubs.BlazorCircuitHub.KeepInProcess(builder.Services);
}

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/login";
        o.LogoutPath = "/account/logout";
        o.Cookie.Name = "TarsDashboard.Auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = context =>
        {
            // Programs (hub clients, scripts) get a status code; only browsers navigating to a page are sent to /login.
            if (context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/_blazor")
                || context.Request.Path.StartsWithSegments("/logs/search"))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
    })
    .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(DashboardAuthentication.ApiTokenScheme, null);
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<CurrentCaller>();
builder.Services.AddAntiforgery();
builder.Services.AddLoginRateLimiting();

builder.Services.Configure<RequestLocalizationOptions>(o =>
{
    o.SetDefaultCulture(AppCultures.Default)
        .AddSupportedCultures(AppCultures.Supported)
        .AddSupportedUICultures(AppCultures.Supported);
    // Only an explicit choice (the language menu) switches the language, so every browser starts in English.
    o.RequestCultureProviders = [new CookieRequestCultureProvider()];
});

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseSecurityHeaders();
// A browser asking for a page that does not exist gets the dashboard's "not found" page; API and hub clients
// (anything that does not ask for HTML) keep their bare status codes.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    if (!context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
        && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
    {
        statusCodePages.Enabled = false;
    }

    return next(context);
});
app.UseRateLimiter();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

// The login page needs its styles and scripts before anyone has signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapHealthEndpoint();
app.MapCultureEndpoint();
app.MapAccountEndpoints();
app.MapLogDownloadEndpoint();
app.MapLogSearchEndpoint();
app.MapHub<LiveHub>("/hubs/live");
app.MapRazorComponents<App>()
    // Our own policy already says frame-ancestors 'none'; a second CSP header from Blazor would only add noise.
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
}
