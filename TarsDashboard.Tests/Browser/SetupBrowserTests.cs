using Microsoft.Playwright;
using TarsDashboard.Core.Deploy.Setup;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>A new installation in Chromium: the overview offers the first-run wizard, and walking it sets up the dashboard.</summary>
[Collection("infra")]
public sealed class SetupBrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_first_run_wizard_sets_the_admin_password_and_adds_the_first_node_then_new_sign_ins_use_the_new_password()
    {
        using var app = new DashboardApp();
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.Locator("[data-testid=setup-pending]").GetByRole(AriaRole.Link, new() { Name = "Finish setup" }).ClickAsync();
        await page.Locator("#setup[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Keep the current database", Exact = false }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Setup-Pass-42");
        await page.GetByLabel("Repeat the new password").FillAsync("Setup-Pass-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await page.GetByText("Add a node now").ClickAsync();
        await page.GetByLabel("Docker endpoint").FillAsync(infra.Node1.Endpoint);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("first");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=setup-review]")).ToContainTextAsync("first");
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=setup-done]")).ToBeVisibleAsync();
        Assert.False(await app.Get<FirstRun>().IsPendingAsync());
        Assert.NotNull(await app.Get<NodeRepository>().GetAsync("first"));

        var again = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(again, password: "Setup-Pass-42");
        await Assertions.Expect(again.Locator("[data-testid=setup-pending]")).ToHaveCountAsync(0);
    }
}
