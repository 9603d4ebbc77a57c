using Microsoft.Playwright;
using TarsDashboard.Core.Live;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// Two dashboard instances on one MariaDB behind a real nginx with <c>ip_hash</c>: a browser's pages and circuit stay
/// on one instance, and when that instance dies the browser lands on a working page of the other, still signed in
/// (the cookie's Data Protection keys are in the shared database).
/// </summary>
[Collection("infra")]
public sealed class FailoverBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Behind_nginx_a_browser_stays_on_one_instance_and_when_it_dies_lands_signed_in_on_the_other()
    {
        var database = await infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = "MySql", ["ConnectionStrings:Tars"] = database };
        DashboardApp[] apps = [new(settings), new(settings)];
        var stopped = new bool[2];
        try
        {
            await using var nginx = await NginxInstance.StartAsync(apps.Select(a => a.BaseUrl));
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = nginx.BaseUrl.ToString(), Locale = "en-US" });
            context.SetDefaultTimeout(20_000);
            var page = await context.NewPageAsync();
            var idle = apps.Select(a => a.Get<LiveEventBus>().SubscriberCount).ToArray();

            await BrowserFixture.SignInAsync(page);
            await page.GotoAsync("nodes");
            await page.Locator("[data-ready=true]").First.WaitForAsync();

            // The instance holding the circuit is the one whose event bus gained the page's subscriptions.
            var serving = await HolderAsync(apps, idle);
            var other = 1 - serving;
            for (var i = 0; i < 3; i++)
            {
                await page.ReloadAsync();
                await page.Locator("[data-ready=true]").First.WaitForAsync();
            }

            Assert.Equal(serving, await HolderAsync(apps, idle));
            Assert.Equal(idle[other], apps[other].Get<LiveEventBus>().SubscriberCount);

            apps[serving].Dispose();
            stopped[serving] = true;

            // Blazor's reconnect finds no circuit on the survivor and reloads: a working page there, no sign-in asked.
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nodes", Exact = true })).ToBeVisibleAsync(new() { Timeout = 45_000 });
            await page.WaitForFunctionAsync("() => document.querySelector('[data-ready=true]') !== null", null, new() { Timeout = 45_000 });
            Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
            await Eventually(() => apps[other].Get<LiveEventBus>().SubscriberCount > idle[other]);
            await page.GotoAsync("services");
            await page.Locator("[data-ready=true]").First.WaitForAsync();
            Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
        }
        finally
        {
            for (var i = 0; i < apps.Length; i++)
            {
                if (!stopped[i])
                {
                    apps[i].Dispose();
                }
            }
        }
    }

    private static async Task<int> HolderAsync(DashboardApp[] apps, int[] idle)
    {
        for (var wait = 0; wait < 100; wait++)
        {
            var gained = Enumerable.Range(0, apps.Length).Where(i => apps[i].Get<LiveEventBus>().SubscriberCount > idle[i]).ToList();
            if (gained.Count == 1)
            {
                return gained[0];
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("No single instance holds the page's circuit.");
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var wait = 0; wait < 100 && !condition(); wait++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
