using Bunit;
using MudBlazor;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;
using Xunit;
using AlertsPage = TarsDashboard.Components.Pages.Alerts;

namespace TarsDashboard.Tests.Components;

/// <summary>The Alerts page: the rule dialog's validation, the masked webhook, confirmed deletes.</summary>
public sealed class AlertsPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task Bad_input_shows_messages_next_to_the_fields_and_stores_nothing()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AlertsPage>();

        cut.WaitForAssertion(() => cut.Button("Add rule").Click());
        dialogs.WaitForElement(".field-name");
        dialogs.Find(".field-scope input").Input("not a scope");
        dialogs.Find(".field-webhook input").Input("ftp://hooks.example.com/x");
        dialogs.Button("Save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Give the rule a name of 1 to 128 characters.", dialogs.Find(".field-name").TextContent));
        Assert.Contains("Use *, an application (App) or a service (App.Server).", dialogs.Find(".field-scope").TextContent);
        Assert.Empty(await Core.Get<AlertService>().ListRulesAsync(Admin));

        // Fixing the scope alone leaves the other messages until they are fixed too.
        dialogs.Find(".field-scope input").Input("Test");
        dialogs.Button("Save").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Give an http or https URL.", dialogs.Find(".field-webhook").TextContent));
        Assert.DoesNotContain("Use *, an application", dialogs.Find(".field-scope").TextContent);
        Assert.Empty(await Core.Get<AlertService>().ListRulesAsync(Admin));
    }

    [Fact]
    public async Task A_saved_rule_is_listed_with_its_webhook_masked_and_a_delete_is_confirmed_first()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AlertsPage>();

        cut.WaitForAssertion(() => cut.Button("Add rule").Click());
        dialogs.WaitForElement(".field-name");
        dialogs.Find(".field-name input").Input("Test exits");
        dialogs.Find(".field-scope input").Input("Test");
        dialogs.Find(".field-webhook input").Input("https://hooks.example.com/services/T0/B0/very-secret");
        dialogs.Button("Save").Click();

        cut.WaitForAssertion(() => Assert.Contains("Test exits", cut.Find("td[data-rule]").TextContent));
        Assert.Contains("https://hooks.example.com/…", cut.Markup);
        Assert.DoesNotContain("very-secret", cut.Markup + dialogs.Markup);

        cut.Find("button[aria-label='Delete rule Test exits']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the rule Test exits?", dialogs.Markup));
        Assert.Single(await Core.Get<AlertService>().ListRulesAsync(Admin));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        await Eventually.TrueAsync(async () => (await Core.Get<AlertService>().ListRulesAsync(Admin)).Count == 0, "rule deleted");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("td[data-rule]")));
    }

    [Fact]
    public async Task A_log_pattern_rule_shows_its_pattern_and_a_bad_regex_is_refused_at_the_field()
    {
        await Core.Get<AlertService>().AddRuleAsync(Admin, new AlertRuleInput
        {
            Name = "fatal", Kind = AlertKind.LogPattern, Scope = "Test", Pattern = "FATAL", Threshold = 1, WindowMinutes = 5,
            WebhookUrl = "https://hooks.example.com/x",
        });
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AlertsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Log pattern “FATAL”: 1 matches in 5 min", cut.Markup));
        cut.Find("button[aria-label='Edit rule fatal']").Click();
        dialogs.WaitForElement(".field-pattern");
        Assert.Contains("Matches", dialogs.Find(".field-threshold").TextContent);
        dialogs.Find(".field-pattern input").Input("FATAL (");
        dialogs.Find(".field-pattern-regex input").Change(true);
        dialogs.Button("Save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("This is not a valid regular expression.", dialogs.Find(".field-pattern").TextContent));
        Assert.Equal("FATAL", Assert.Single(await Core.Get<AlertService>().ListRulesAsync(Admin)).Pattern);
    }
}
