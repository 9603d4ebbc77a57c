using Microsoft.Playwright;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>What an admin does in a real Chromium against the real app and real engines.</summary>
[Collection("infra")]
public sealed class BrowserTests(InfraFixture infra, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task An_admin_signs_in_sees_both_nodes_healthy_and_gets_a_clear_error_for_a_bad_endpoint()
    {
        using var app = new DashboardApp();
        var nodes = app.Get<NodeService>();
        await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
        var page = await browser.NewPageAsync(app);

        await BrowserFixture.SignInAsync(page);
        await page.Locator("#overview[data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-node=node1] [data-state]")).ToHaveAttributeAsync("data-state", "Reachable");
        await Assertions.Expect(page.Locator("[data-node=node2] [data-state]")).ToHaveAttributeAsync("data-state", "Reachable");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nodes" }).ClickAsync();
        await page.Locator("#nodes[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add node" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("node3");
        await dialog.GetByLabel("Docker endpoint").FillAsync("tcp://bad host:99999");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(dialog.GetByText("Use unix:///path/to/docker.sock or tcp://host:port")).ToBeVisibleAsync();
        await dialog.GetByLabel("Docker endpoint").FillAsync("unix:///tmp/no-engine-here.sock");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("The engine did not answer")).ToBeVisibleAsync();
        Assert.Equal(2, (await nodes.ListAsync(Admin)).Count);
    }

    [Fact]
    public async Task A_node_that_stops_turns_unreachable_on_the_open_overview_and_back()
    {
        await using var engine = new DockerEngineInstance("live");
        await engine.StartAsync();
        using var app = new DashboardApp();
        await app.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "live", Endpoint = engine.Endpoint });
        var page = await browser.NewPageAsync(app);
        await BrowserFixture.SignInAsync(page);
        await page.Locator("#overview[data-ready=true]").WaitForAsync();
        var chip = page.Locator("[data-node=live] [data-state]");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-state", "Reachable");

        await engine.StopAsync();
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-state", "Unreachable", new() { Timeout = 20_000 });
        await engine.StartAsync();
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-state", "Reachable", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task A_developer_granted_one_application_cannot_open_admin_pages()
    {
        using var app = new DashboardApp();
        var users = app.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var page = await browser.NewPageAsync(app);

        await BrowserFixture.SignInAsync(page, "dev1", "dev-pass-1");
        await page.GotoAsync("/nodes");

        await Assertions.Expect(page.Locator("[data-testid=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add node" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_next_to_the_form()
    {
        using var app = new DashboardApp();
        var page = await browser.NewPageAsync(app);

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#login-username-error")).Not.ToBeEmptyAsync();
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");
        Assert.Contains("/login", page.Url);
    }
}
