using Bunit;
using MudBlazor;
using TarsDashboard.Core.Security;
using Xunit;
using TokensPage = TarsDashboard.Components.Pages.ApiTokens;

namespace TarsDashboard.Tests.Components;

/// <summary>The API tokens page: the secret is shown once, the list shows only the prefix, revoking asks first.</summary>
public sealed class TokensPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task Creating_a_token_shows_its_secret_once_and_then_only_its_prefix()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TokensPage>();
        cut.WaitForAssertion(() => Assert.Contains("You have no tokens yet.", cut.Markup));

        cut.Find(".field-name input").Input("ci");
        cut.Button("Create token").Click();

        var secret = dialogs.WaitForElement("[data-testid=token-secret]").TextContent.Trim();
        Assert.StartsWith("tdt_", secret);
        Assert.Contains("shown only this once", dialogs.Markup);
        dialogs.Find("button[aria-label='Copy token']").Click();
        // The copy runs after the click handler's first await; wait for it rather than race it.
        dialogs.WaitForAssertion(() => JSInterop.VerifyInvoke("navigator.clipboard.writeText"));
        Assert.Equal(secret, JSInterop.Invocations["navigator.clipboard.writeText"].Single().Arguments.Single());
        Assert.DoesNotContain(secret, cut.Markup);

        dialogs.Button("I have copied it").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=token-secret]")));
        cut.WaitForAssertion(() => Assert.Equal(secret[..10] + "…", cut.Find("td[data-prefix]").TextContent.Trim()));
        Assert.Equal("ci", cut.Find("td[data-token]").GetAttribute("data-token"));
        Assert.DoesNotContain(secret, cut.Markup + dialogs.Markup);
        Assert.Equal("admin", (await Core.Get<ApiTokenService>().AuthenticateAsync(secret))?.UserName);
    }

    [Fact]
    public void A_token_without_a_name_is_refused_next_to_the_field()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TokensPage>();
        cut.WaitForAssertion(() => Assert.Contains("You have no tokens yet.", cut.Markup));

        cut.Button("Create token").Click();

        cut.WaitForAssertion(() => Assert.Equal("Give the token a name of 1-64 characters.", cut.FieldError("field-name")));
        Assert.Empty(dialogs.FindAll("[data-testid=token-secret]"));
    }

    [Fact]
    public async Task Revoking_asks_first_and_marks_the_token_revoked()
    {
        var (_, secret) = await Core.Get<ApiTokenService>().CreateAsync(Admin, "ci");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TokensPage>();
        cut.WaitForAssertion(() => Assert.Equal("active", cut.Find("td:has([data-state]) [data-state]").GetAttribute("data-state")));
        cut.AssertEveryButtonIsNamed();

        cut.Find("button[aria-label='Revoke ci']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke the token ci?", dialogs.Markup));
        dialogs.Button("Revoke").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", cut.Find("[data-state]").GetAttribute("data-state")));
        Assert.Empty(cut.FindAll("button[aria-label='Revoke ci']"));
        Assert.Null(await Core.Get<ApiTokenService>().AuthenticateAsync(secret));
    }

    [Fact]
    public void The_page_says_how_to_send_a_token()
    {
        var cut = Render<TokensPage>();

        var usage = cut.Find("[data-testid=tokens-usage]").TextContent;
        Assert.Contains("Authorization: Bearer <token>", usage);
        Assert.Contains("/hubs/live?access_token=<token>", usage);
    }
}
