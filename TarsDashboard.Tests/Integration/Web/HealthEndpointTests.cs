using System.Net;
using System.Text.Json;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_answers_200_without_login_when_the_database_answers()
    {
        using var app = new DashboardApp();
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Sqlite", json.RootElement.GetProperty("database").GetProperty("provider").GetString());
        Assert.True(json.RootElement.GetProperty("database").GetProperty("ok").GetBoolean());
        Assert.False(json.RootElement.TryGetProperty("redis", out _)); // one instance: no Redis, nothing to report
    }

    [Fact]
    public async Task Healthz_answers_503_and_pages_still_render_when_the_database_is_unreachable()
    {
        using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql",
            ["ConnectionStrings:Tars"] = $"Server=127.0.0.1;Port={FreePort.Next()};User ID=root;Password=x;Database=db_tars;Connection Timeout=2",
        }, waitForDatabase: false);
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var health = await client.GetAsync("/healthz");
        var login = await client.GetAsync("/login");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("database").GetProperty("error").GetString()));
        Assert.DoesNotContain("Password=x", json.RootElement.GetRawText());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Pages_and_the_hub_require_login()
    {
        using var app = new DashboardApp();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseUrl };

        var page = await client.GetAsync("/nodes");
        var hub = await client.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);
    }
}
