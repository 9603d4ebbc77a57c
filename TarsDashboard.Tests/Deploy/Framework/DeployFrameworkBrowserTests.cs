using Microsoft.Playwright;
using TarsDashboard.Tests.Web;
using Xunit;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The framework wizard in a real Chromium under the app's CSP: messages by the field, the checklist's copy button.</summary>
public sealed class DeployFrameworkBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_bad_host_is_refused_by_its_field_and_a_checklist_command_copies_to_the_clipboard()
    {
        using var app = new DashboardApp();
        var page = await browser.NewPageAsync(app);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await BrowserFixture.SignInAsync(page);

        await page.GotoAsync("/deploy/framework");
        await page.Locator("#deploy-framework[data-ready=true]").WaitForAsync();
        await page.GetByLabel("MySQL host").FillAsync("db host");
        await page.GetByLabel("MySQL password").FillAsync("pw");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field=MySqlHost]")).ToContainTextAsync("Enter a host name or an IP address.");

        await page.GetByLabel("MySQL host").FillAsync("db.example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Docker network name")).ToBeVisibleAsync();

        await page.GetByText("Source compilation", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy 2. Clone TarsFramework with submodules at the tag" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Copied to the clipboard.")).ToBeVisibleAsync();

        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.StartsWith("git clone --recursive --branch v3.1.4 --depth 1 ", copied, StringComparison.Ordinal);
        Assert.Empty(violations);
    }
}
