using System.Diagnostics;
using Microsoft.Playwright;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// Two instances of the app on one database and one real redis-server, a Chromium page on B: a change made on A shows
/// on B's open page without a reload.
/// </summary>
public sealed class MultiInstanceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task A_user_created_on_instance_A_appears_on_the_Users_page_open_on_instance_B()
    {
        await using var redis = new RedisServerInstance();
        await redis.StartAsync();
        var sharedData = Directory.CreateTempSubdirectory("tdash-shared-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration, ["Database:DataFolder"] = sharedData };
            using var a = new DashboardApp(settings);
            using var b = new DashboardApp(settings);
            await Eventually.TrueAsync(() => a.Get<RedisLiveEventRelay>().IsConnected && b.Get<RedisLiveEventRelay>().IsConnected, "both relays connected");
            var page = await browser.NewPageAsync(b);
            await BrowserFixture.SignInAsync(page);
            await page.GotoAsync("/users");
            await page.Locator("#users[data-ready=true]").WaitForAsync();
            await Assertions.Expect(page.GetByText("ops-on-a")).ToHaveCountAsync(0);

            await a.Get<UserService>().CreateAsync(Admin, new UserInput { UserName = "ops-on-a", Password = "ops-pass-1" });
            var stopwatch = Stopwatch.StartNew();

            // The audit event raised on A crosses Redis, B's page reloads its list and the browser paints the row.
            await Assertions.Expect(page.GetByText("ops-on-a").First).ToBeVisibleAsync(new() { Timeout = 5_000 });
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"the row appeared on B after {stopwatch.ElapsedMilliseconds} ms");
            await page.Context.CloseAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(sharedData, recursive: true);
        }
    }
}
