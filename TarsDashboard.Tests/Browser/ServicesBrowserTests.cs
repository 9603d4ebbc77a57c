using Microsoft.Playwright;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>An operator moves a service to container mode in a real Chromium, and the change is still there after a reload.</summary>
public sealed class ServicesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Switching_a_service_to_container_mode_with_an_image_and_a_volume_is_kept_after_reload()
    {
        using var app = new DashboardApp();
        var images = app.Get<BaseImageRepository>();
        await images.InsertAsync(new BaseImageRow { Image = "tarscloud/tars.nodejsbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow });
        var cpp = new BaseImageRow { Image = "tarscloud/tars.cppbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await images.InsertAsync(cpp);
        var servers = app.Get<ServerConfRepository>();
        var id = await servers.InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "10.0.0.7", TemplateName = "tars.default",
            Profile = "<tars>\n  <application>\n    <server>\n      logLevel=INFO\n    </server>\n  </application>\n</tars>\n",
        });
        await servers.InsertAsync(new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "10.0.0.8", TemplateName = "tars.default" });
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Services" }).ClickAsync();
        await page.Locator("#services[data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-instance]")).ToHaveCountAsync(2);
        await page.Locator($"[data-instance='{id}']").ClickAsync();
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test.Hello" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Switch, new() { Name = "Run in a container" }).CheckAsync();
        await page.GetByLabel("Image").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "tarscloud/tars.cppbase:v3" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volume" }).ClickAsync();
        await page.Locator("[data-volume='0']").GetByLabel("Host path").FillAsync("/data/shared");
        await page.Locator("[data-volume='0']").GetByLabel("Container path").FillAsync("/data/in-container");
        await Assertions.Expect(page.Locator("[data-testid=docker-run]")).ToContainTextAsync("-v /data/shared:/data/in-container");
        await Assertions.Expect(page.Locator("[data-testid=docker-run]")).ToContainTextAsync("tarscloud/tars.cppbase:v3");
        await page.Locator("[data-testid=save]").ClickAsync();
        await Assertions.Expect(page.GetByText("Test.Hello on 10.0.0.7 saved.")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await page.Locator("#service-edit[data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Run in a container" })).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("[data-volume='0']").GetByLabel("Host path")).ToHaveValueAsync("/data/shared");
        await Assertions.Expect(page.Locator("[data-volume='0']").GetByLabel("Container path")).ToHaveValueAsync("/data/in-container");
        await Assertions.Expect(page.Locator("[data-testid=docker-run]")).ToContainTextAsync("--entrypoint /usr/local/app/tars/tarsnode/data/Test.Hello/bin/tars_start.sh");
        await Assertions.Expect(page.Locator("[data-testid=docker-run]")).ToContainTextAsync("tarscloud/tars.cppbase:v3");

        var stored = (await servers.GetAsync(id))!;
        Assert.Equal(("container", cpp.Id), (stored.RunType, stored.BaseImageId ?? 0));
        var container = ContainerSettingsReader.Read(TarsConfigParser.Parse(stored.Profile!).Document!).Settings;
        Assert.Equal([new VolumeMapping("/data/shared", "/data/in-container")], container.Volumes);
        Assert.Contains("logLevel=INFO", stored.Profile);
    }
}
