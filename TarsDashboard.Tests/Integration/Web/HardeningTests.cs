using System.Net;
using TarsDashboard.Security;
using Xunit;

namespace TarsDashboard.Tests.Web;

public sealed class HardeningTests
{
    [Fact]
    public async Task Every_response_carries_the_security_headers_and_the_content_security_policy()
    {
        using var app = new DashboardApp();
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var response = await client.GetAsync("/login");

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Distinct().Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html); // no inline script for the policy to block
        Assert.DoesNotContain("importmap", html);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        using var app = new DashboardApp();
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "admin",
            ["Input.Password"] = DashboardApp.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("TarsDashboard.Auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rapid_sign_in_posts_from_one_address_are_slowed_down()
    {
        using var app = new DashboardApp();
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i <= LoginRateLimiting.PermitsPerMinute; i++)
        {
            var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.UserName"] = "admin" }));
            statuses.Add(response.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(LoginRateLimiting.PermitsPerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode); // reading the page is not limited
    }

    [Fact]
    public async Task A_production_error_page_shows_no_stack_trace()
    {
        using var app = new DashboardApp();
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var response = await client.GetAsync("/error");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(" at TarsDashboard", html);
        Assert.DoesNotContain("Exception", html);
    }
}
