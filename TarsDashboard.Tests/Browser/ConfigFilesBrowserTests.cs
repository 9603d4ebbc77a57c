using Microsoft.Playwright;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An admin edits a service's config file in a real Chromium: the diff before Save, then a restore of the first version.</summary>
public sealed class ConfigFilesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Original = "<app>\r\n\tkey = old \r\n</app>\r\n";

    [Fact]
    public async Task An_admin_reviews_the_diff_saves_and_restores_the_old_text_byte_for_byte()
    {
        using var app = new DashboardApp();
        var id = await app.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Conf", NodeName = "10.0.0.7", TemplateName = "tars.default", Profile = "",
        });
        var configs = app.Get<ConfigFileService>();
        var file = await configs.CreateAsync(Caller.System, ConfigScope.ForServer("Test", "Conf"), "Conf.conf", Original);
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync($"services/{id}");
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Config" }).ClickAsync();
        await page.Locator("[data-testid=config-files][data-ready=true]").WaitForAsync();
        await page.Locator($"tr[data-config='{file.Id}']").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Content").FillAsync("<app>\n\tkey = new\n</app>\n");
        await page.GetByLabel("Reason for the change").FillAsync("new key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Review changes" }).ClickAsync();

        var diff = page.Locator("[data-testid=config-review-diff]");
        await Assertions.Expect(diff.Locator("tr[data-kind=Modified]").First).ToContainTextAsync("key = old");
        await Assertions.Expect(diff.Locator("tr[data-kind=Modified]").First).ToContainTextAsync("key = new");
        await Assertions.Expect(diff.Locator("tr[data-kind=Modified]")).ToHaveCountAsync(1);
        Assert.Equal(Original, (await configs.GetAsync(Caller.System, file.Id))!.Config);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var history = page.Locator("[data-testid=config-history] tr[data-version]");
        await Assertions.Expect(history).ToHaveCountAsync(2);
        // The browser sends \n endings; the file's own \r\n are kept, so only the edited line changed.
        Assert.Equal("<app>\r\n\tkey = new\r\n</app>\r\n", (await configs.GetAsync(Caller.System, file.Id))!.Config);

        await history.Last.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();

        await Assertions.Expect(history).ToHaveCountAsync(3);
        Assert.Equal(Original, (await configs.GetAsync(Caller.System, file.Id))!.Config);
    }
}
