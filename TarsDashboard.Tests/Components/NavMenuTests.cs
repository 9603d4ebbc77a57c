using Bunit;
using Microsoft.AspNetCore.Components;
using TarsDashboard.Components.Layout;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The navigation lists admin sections only to callers whose grants reach them; the user menu holds the API tokens.</summary>
public sealed class NavMenuTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public void An_admin_sees_every_section()
    {
        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Equal(
            ["/", "/services", "/images", "/nodes", "/logs", "/templates", "/deploy", "/tasks", "/alerts", "/users", "/audit"], Links(cut)));
        Assert.Equal("Users", cut.Find("a[href='/users']").TextContent.Trim());
    }

    [Fact]
    public async Task A_developer_sees_no_admin_sections()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        Auth.SetAuthorized("dev1");

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Equal(["/", "/services", "/images", "/logs", "/templates", "/deploy", "/tasks", "/alerts"], Links(cut)));
    }

    [Fact]
    public void The_user_menu_in_the_app_bar_leads_to_the_api_tokens()
    {
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        Assert.Equal("admin", cut.Find("[data-testid=user-name]").TextContent.Trim());
        cut.Find("button[aria-label='Account menu of admin']").Click();

        cut.WaitForAssertion(() => Assert.Equal("API tokens", cut.Find("a[href='/account/tokens']").TextContent.Trim()));
        Assert.All(cut.FindAll("button"), b => Assert.False(
            string.IsNullOrWhiteSpace(b.GetAttribute("aria-label")) && string.IsNullOrWhiteSpace(b.TextContent),
            $"button without an accessible name: {b.OuterHtml}"));
    }

    private static List<string?> Links(IRenderedComponent<NavMenu> cut) =>
        cut.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
}
