using Microsoft.Playwright;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An admin adds a template in a real Chromium: errors by line as they type, then the merged view of what they saved.</summary>
public sealed class TemplatesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task An_admin_adds_a_child_of_tars_default_fixes_a_line_error_and_reads_the_merged_view()
    {
        using var app = new DashboardApp();
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Templates" }).ClickAsync();
        await page.Locator("#templates[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add template" }).ClickAsync();
        await page.Locator("#template-editor[data-ready=true]").WaitForAsync();
        await page.GetByLabel("Name").FillAsync("tars.cpp.default");
        var profile = page.GetByLabel("Profile");
        await profile.FillAsync("<tars>\n  <application>\n    <server>\n      logLevel=INFO\n  </application>\n</tars>\n");

        await Assertions.Expect(page.GetByText("Line 5: closing tag </application> does not match <server>.").First).ToBeVisibleAsync();
        await profile.FillAsync("<tars>\n  <application>\n    <server>\n      logLevel=INFO\n    </server>\n  </application>\n</tars>\n");
        // The circuit has taken the fixed text once its line error is gone; a Create before that sends the broken one.
        await Assertions.Expect(page.GetByText("Line 5: closing tag </application> does not match <server>.")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/templates/tars.cpp.default", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Merged view" }).ClickAsync();

        var merged = page.Locator("[data-testid=merged-profile]");
        await Assertions.Expect(merged).ToContainTextAsync("sync-invoke-timeout=3000");
        await Assertions.Expect(merged).ToContainTextAsync("logLevel=INFO");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Inheritance chain" }).GetByRole(AriaRole.Link, new() { Name = "tars.default" }))
            .ToBeVisibleAsync();
        var saved = await app.Get<TemplateService>().GetAsync(Admin, "tars.cpp.default");
        Assert.Equal("tars.default", saved!.ParentName);
    }
}
