using Bunit;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Security;
using Xunit;
using AuditPage = TarsDashboard.Components.Pages.Audit;

namespace TarsDashboard.Tests.Components;

/// <summary>The Audit page on the embedded database: rows paged by the database, filters, masked before/after, live rows, admin-only gate.</summary>
public sealed class AuditPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        // A developer trying an admin action leaves a "denied" row under their own name.
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            users.CreateAsync(new Caller("dev1"), new UserInput { UserName = "mallory", Password = "password-1" }));
    }

    [Fact]
    public async Task Rows_appear_newest_first_with_their_result()
    {
        var (_, total) = await Core.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery());

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Equal(total, cut.FindAll("td[data-audit]").Count));
        Assert.Equal(["user.create", "grant.add", "user.create"], cut.FindAll("td[data-action]").Select(td => td.GetAttribute("data-action")));
        Assert.Equal(["denied", "ok", "ok"], cut.FindAll("[data-result]").Select(c => c.GetAttribute("data-result")));
        Assert.Contains("mallory", cut.Markup);
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#audit").GetAttribute("data-ready")));
        cut.AssertEveryButtonIsNamed();
        Assert.All(cut.FindAll(".mud-input-control input:not([type=hidden])"), input => Assert.False(
            string.IsNullOrEmpty(input.Id) || cut.FindAll($"label[for='{input.Id}']").Count == 0, $"unlabelled input: {input.OuterHtml}"));
    }

    [Fact]
    public void Filtering_by_user_narrows_the_rows()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("td[data-audit]").Count));

        cut.Find(".filter-user input").Input("dev1");

        // The filter waits for a pause in typing before it asks the database.
        cut.WaitForAssertion(() => Assert.Equal(["dev1"], cut.FindAll("td[data-user]").Select(td => td.GetAttribute("data-user"))), Settle);
        Assert.Equal("denied", cut.Find("[data-result]").GetAttribute("data-result"));
    }

    [Fact]
    public void Filtering_by_an_action_that_no_row_has_says_so()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("td[data-audit]").Count));

        cut.Find(".filter-action input").Input("node.");

        cut.WaitForAssertion(() => Assert.Contains("No audit entry matches the filters.", cut.Markup), Settle);
        Assert.Empty(cut.FindAll("td[data-audit]"));
    }

    [Fact]
    public async Task A_row_opens_to_its_before_and_after_with_secrets_masked()
    {
        await Core.Get<AuditLog>().RecordAsync(Admin, "registry.update", "hub.example.com", AuditResult.Ok, new AuditScope
        {
            Before = new { Url = "https://hub.example.com", Password = "old-secret-1" },
            After = new { Url = "https://hub.example.com", Password = "new-secret-2", UserName = "robot" },
        });
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("td[data-audit]").Count));
        var id = cut.Find("tr:has(td[data-action='registry.update']) td[data-audit]").GetAttribute("data-audit");

        cut.Find($"button[aria-label='Show details of entry {id}']").Click();

        var before = cut.WaitForElement($"td[data-details='{id}'] pre[data-json=before]").TextContent;
        var after = cut.Find($"td[data-details='{id}'] pre[data-json=after]").TextContent;
        Assert.Contains("\"password\": \"***\"", before);
        Assert.Contains("\"url\": \"https://hub.example.com\"", before);
        Assert.Contains("\"userName\": \"robot\"", after);
        Assert.DoesNotContain("old-secret-1", cut.Markup);
        Assert.DoesNotContain("new-secret-2", cut.Markup);
        Assert.Equal("true", cut.Find($"button[aria-label='Hide details of entry {id}']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task A_new_entry_appears_without_reload()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("td[data-audit]").Count));

        await Core.Get<UserService>().GrantAsync(Admin, new Grant("dev1", Role.Operator, "Shop"));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("td[data-audit]").Count), Settle);
        Assert.Equal("grant.add", cut.Find("td[data-action]").GetAttribute("data-action"));
    }

    [Fact]
    public void A_developer_gets_access_denied()
    {
        Auth.SetAuthorized("dev1");

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=access-denied]")));
        Assert.Empty(cut.FindAll("td[data-audit]"));
        Assert.DoesNotContain("mallory", cut.Markup);
    }
}
