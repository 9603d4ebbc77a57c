using k8s;
using k8s.Models;
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
        // The mode switch re-renders the steps; a Next clicked before the circuit has answered goes to the old steps'
        // button, which the server has just removed (the radio is checked in the browser before that). The new mode's
        // first field shows once the new steps have reached the page.
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Source compilation" })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("TarsFramework version (git tag)")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy 2. Clone TarsFramework with submodules at the tag" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Copied to the clipboard.")).ToBeVisibleAsync();

        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.StartsWith("git clone --recursive --branch v3.1.4 --depth 1 ", copied, StringComparison.Ordinal);
        Assert.Empty(violations);
    }

    [Fact]
    public async Task The_kubernetes_yaml_downloads_as_one_file_with_the_password_only_in_the_file()
    {
        using var app = new DashboardApp();
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/deploy/framework");
        await page.Locator("#deploy-framework[data-ready=true]").WaitForAsync();

        await page.GetByText("Kubernetes with Docker", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Optional: written into the Secret", new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByLabel("MySQL host").FillAsync("mysql.db.svc.cluster.local");
        await page.GetByLabel("MySQL password").FillAsync("Yaml-Secret-9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Namespace")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=framework-yaml]")).ToContainTextAsync("kind: StatefulSet");
        await Assertions.Expect(page.Locator("[data-testid=framework-yaml]")).Not.ToContainTextAsync("Yaml-Secret-9");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download YAML" }).ClickAsync());
        Assert.Equal("tars-framework.yaml", download.SuggestedFilename);
        var path = await download.PathAsync();
        var objects = KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(path));
        Assert.Equal("Yaml-Secret-9", objects.OfType<V1Secret>().Single().StringData["MYSQL_ROOT_PASSWORD"]);
        Assert.Equal(["tars", "tars-node"], objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name));
    }
}
