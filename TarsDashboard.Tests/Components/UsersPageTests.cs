using Bunit;
using MudBlazor;
using TarsDashboard.Core.Security;
using Xunit;
using UsersPage = TarsDashboard.Components.Pages.Users;

namespace TarsDashboard.Tests.Components;

/// <summary>The Users page on the embedded database: list with grants, create with errors by the fields, disable, grants, admin-only gate.</summary>
public sealed class UsersPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    // The list refreshes from the live event of a change, a moment after the change itself.
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
    }

    [Fact]
    public void An_admin_sees_every_user_with_state_and_grants()
    {
        var cut = Render<UsersPage>();

        cut.WaitForAssertion(() => Assert.Equal(["admin", "dev1"], UserNames(cut)));
        Assert.Equal("Admin on *", cut.Find("td[data-grants=admin] [data-grant]").TextContent.Trim());
        Assert.Equal("Developer on Test", cut.Find("td[data-grants=dev1] [data-grant]").TextContent.Trim());
        Assert.All(cut.FindAll("[data-state]"), chip => Assert.Equal("active", chip.GetAttribute("data-state")));
        Assert.NotNull(cut.Find("button[aria-label='Disable dev1']"));
        Assert.NotNull(cut.Find("button[aria-label='Reset password for dev1']"));
        Assert.NotNull(cut.Find("button[aria-label='Grants of dev1']"));
        Assert.True(cut.Find("button[aria-label='Disable admin']").HasAttribute("disabled"), "an admin cannot disable themself");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#users").GetAttribute("data-ready")));
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public void A_short_new_password_is_shown_next_to_its_field()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Find("button[aria-label='Reset password for dev1']").Click();
        dialogs.WaitForElement(".field-password input").Input("short");
        dialogs.Find(".field-confirm input").Input("short");
        dialogs.Button("Set password").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("At least 8 characters.", dialogs.FieldError("field-password")));
        Assert.Null(dialogs.FieldError("field-confirm"));
    }

    [Fact]
    public async Task A_bad_user_name_is_shown_next_to_its_field_and_nothing_is_stored()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Button("Add user").Click();
        dialogs.WaitForElement(".field-username input").Input("x'; DROP TABLE tdash_user; --");
        dialogs.Find(".field-password input").Input("password-1");
        dialogs.Find(".field-confirm input").Input("password-1");
        dialogs.Button("Save").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Use 2-64 letters, digits, '.', '-' or '_', starting with a letter.", dialogs.FieldError("field-username")));
        Assert.Null(dialogs.FieldError("field-password"));
        Assert.Equal(["admin", "dev1"], (await Core.Get<UserService>().ListAsync(Admin)).Select(u => u.UserName));
    }

    [Fact]
    public async Task Passwords_that_differ_are_refused_before_anything_is_sent()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Button("Add user").Click();
        dialogs.WaitForElement(".field-username input").Input("bob");
        dialogs.Find(".field-password input").Input("password-1");
        dialogs.Find(".field-confirm input").Input("password-2");
        dialogs.Button("Save").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("The passwords do not match.", dialogs.FieldError("field-confirm")));
        Assert.DoesNotContain(await Core.Get<UserService>().ListAsync(Admin), u => u.UserName == "bob");
    }

    [Fact]
    public void A_created_user_appears_in_the_list()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Button("Add user").Click();
        dialogs.WaitForElement(".field-username input").Input("ops1");
        dialogs.Find(".field-password input").Input("ops-pass-1");
        dialogs.Find(".field-confirm input").Input("ops-pass-1");
        dialogs.Button("Save").Click();

        cut.WaitForAssertion(() => Assert.Equal(["admin", "dev1", "ops1"], UserNames(cut)), Live);
        Assert.Contains("No grants", cut.Find("td[data-grants=ops1]").TextContent);
    }

    [Fact]
    public async Task Disabling_asks_first_and_then_shows_the_user_disabled()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Find("button[aria-label='Disable dev1']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Disable dev1?", dialogs.Markup));
        dialogs.Button("Disable").Click();

        cut.WaitForAssertion(() => Assert.Equal("disabled", cut.Find("tr:has(td[data-user=dev1]) [data-state]").GetAttribute("data-state")), Live);
        Assert.NotNull(cut.Find("button[aria-label='Enable dev1']"));
        Assert.True((await Core.Get<UserService>().ListAsync(Admin)).Single(u => u.UserName == "dev1").Disabled);
    }

    [Fact]
    public async Task A_bad_scope_is_shown_next_to_the_scope_field_and_a_good_one_is_granted()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Find("button[aria-label='Grants of dev1']").Click();
        dialogs.WaitForElement("button[aria-label='Remove grant Developer on Test']");
        dialogs.Find(".field-scope input").Input("Test.*");
        dialogs.Button("Add grant").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Use *, an application (App) or a service (App.Server).", dialogs.FieldError("field-scope")));

        dialogs.Find(".field-scope input").Input("Shop.CartServer");
        dialogs.Button("Add grant").Click();

        dialogs.WaitForElement("button[aria-label='Remove grant Developer on Shop.CartServer']");
        Assert.Null(dialogs.FieldError("field-scope"));
        var grants = (await Core.Get<UserService>().ListAsync(Admin)).Single(u => u.UserName == "dev1").Grants;
        Assert.Equal(["Shop.CartServer", "Test"], grants.Select(g => g.Scope).Order());
        cut.WaitForAssertion(() => Assert.Equal(
            ["Developer on Shop.CartServer", "Developer on Test"],
            cut.FindAll("td[data-grants=dev1] [data-grant]").Select(c => c.TextContent.Trim()).Order()), Live);
    }

    [Fact]
    public async Task A_grant_added_in_the_dialog_can_be_removed_at_once()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));
        cut.Find("button[aria-label='Grants of dev1']").Click();
        dialogs.WaitForElement(".field-scope input").Input("Shop");
        dialogs.Button("Add grant").Click();

        dialogs.WaitForElement("button[aria-label='Remove grant Developer on Shop']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Remove the grant Developer on Shop from dev1?", dialogs.Markup));
        dialogs.Button("Remove").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("button[aria-label='Remove grant Developer on Shop']")));
        var grants = (await Core.Get<UserService>().ListAsync(Admin)).Single(u => u.UserName == "dev1").Grants;
        Assert.Equal(["Test"], grants.Select(g => g.Scope));
    }

    [Fact]
    public void Removing_the_last_admin_grant_is_refused_with_an_alert()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Find("button[aria-label='Grants of admin']").Click();
        dialogs.WaitForElement("button[aria-label='Remove grant Admin on *']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Remove the grant Admin on * from admin?", dialogs.Markup));
        dialogs.Button("Remove").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "At least one admin on * must remain.", dialogs.Find("[data-testid=grants-dialog-alert]").TextContent.Trim()));
        Assert.NotNull(dialogs.Find("button[aria-label='Remove grant Admin on *']"));
    }

    [Fact]
    public async Task A_user_created_elsewhere_appears_without_reload()
    {
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        await Core.Get<UserService>().CreateAsync(Admin, new UserInput { UserName = "late1", Password = "late-pass-1" });

        cut.WaitForAssertion(() => Assert.Equal(["admin", "dev1", "late1"], UserNames(cut)), Live);
    }

    [Fact]
    public void A_developer_gets_access_denied()
    {
        Auth.SetAuthorized("dev1");

        var cut = Render<UsersPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=access-denied]")));
        Assert.Empty(cut.FindAll("td[data-user]"));
        Assert.DoesNotContain("Add user", cut.Markup);
    }

    private static List<string?> UserNames(IRenderedComponent<UsersPage> cut) =>
        cut.FindAll("td[data-user]").Select(td => td.GetAttribute("data-user")).ToList();
}
