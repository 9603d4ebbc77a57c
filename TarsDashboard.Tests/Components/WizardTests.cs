using Bunit;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The wizard engine on its own: checks before Next with messages by the fields, Back, drafts, review, hand-over.</summary>
public sealed class WizardTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<WizardHost> RenderWizard(Action<ComponentParameterCollectionBuilder<WizardHost>>? parameters = null)
    {
        var cut = Render(parameters ?? (_ => { }));
        cut.WaitForAssertion(() => cut.Find("[data-testid=wizard-stepper], [data-testid=draft-offer]"));
        return cut;
    }

    private static void Next(IRenderedComponent<WizardHost> cut) => cut.Find("[data-testid=wizard-next]").Click();

    private static void WaitForStep(IRenderedComponent<WizardHost> cut, string fieldClass) =>
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($".{fieldClass} input")));

    private Task<WizardDraft?> DraftAsync() => Core.Get<WizardDraftStore>().LoadAsync(Admin, WizardHost.DraftKind);

    [Fact]
    public void Next_is_refused_by_a_failing_check_and_its_message_is_shown_at_the_field()
    {
        var cut = RenderWizard();
        cut.Find(".field-server input").Input("9lives");

        Next(cut);

        cut.WaitForAssertion(() => Assert.Equal("Use letters and digits, starting with a letter.", cut.FieldError("field-server")));
        Assert.Empty(cut.FindAll(".field-port"));
        Assert.Equal(0, cut.Instance.Model.Step);
        Assert.Equal("Correct the fields marked in red to continue.", cut.Find("[data-testid=wizard-alert]").TextContent.Trim());
        Assert.True(cut.Instance.Model.HasFailed("Server"));

        // Editing the field drops its message; a good value opens the next step.
        cut.Find(".field-server input").Input("Lives");
        cut.WaitForAssertion(() => Assert.Null(cut.FieldError("field-server")));
        Next(cut);
        WaitForStep(cut, "field-port");
        Assert.True(cut.Instance.Model.IsDone("Server"));
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public void Back_keeps_the_values_of_every_step()
    {
        var cut = RenderWizard();
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");
        cut.Find(".field-port input").Input("8080");

        cut.Find("[data-testid=wizard-back]").Click();

        WaitForStep(cut, "field-server");
        Assert.Equal("OrderServer", cut.Find(".field-server input").GetAttribute("value"));
        Next(cut);
        WaitForStep(cut, "field-port");
        Assert.Equal("8080", cut.Find(".field-port input").GetAttribute("value"));
    }

    [Fact]
    public async Task A_wizard_left_half_way_resumes_at_its_step_with_its_values()
    {
        var cut = RenderWizard();
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");
        cut.WaitForAssertion(() => Assert.Equal(1, DraftAsync().GetAwaiter().GetResult()?.Step));

        var again = RenderWizard();

        again.WaitForAssertion(() => Assert.NotNull(again.Find("[data-testid=wizard-resumed]")));
        WaitForStep(again, "field-port");
        again.Find("[data-testid=wizard-back]").Click();
        WaitForStep(again, "field-server");
        Assert.Equal("OrderServer", again.Find(".field-server input").GetAttribute("value"));

        // Asked first, the draft waits for the user's choice; start over forgets it.
        var asked = RenderWizard(p => p.Add(w => w.OfferDraft, true));
        Assert.Empty(asked.FindAll(".field-server"));
        asked.Find("[data-testid=draft-start-over]").Click();
        WaitForStep(asked, "field-server");
        Assert.Equal("", asked.Find(".field-server input").GetAttribute("value") ?? "");
        Assert.Null(await DraftAsync());
    }

    [Fact]
    public void An_offered_draft_resumes_when_the_user_chooses_to()
    {
        var cut = RenderWizard();
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");

        var asked = RenderWizard(p => p.Add(w => w.OfferDraft, true));
        asked.Find("[data-testid=draft-resume]").Click();

        WaitForStep(asked, "field-port");
        Assert.Equal("OrderServer", asked.Instance.Model.Data.ServerName);
    }

    [Fact]
    public async Task The_review_lists_the_values_and_finishing_hands_over_and_forgets_the_draft()
    {
        var created = new List<string>();
        var cut = RenderWizard(p => p.Add(w => w.Finish, data =>
        {
            created.Add(data.ServerName);
            return [];
        }));
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");
        cut.Find(".field-port input").Input("8080");
        Next(cut);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sample-review]")));
        var review = cut.Find("[data-testid=sample-review]").TextContent;
        Assert.Contains("OrderServer", review, StringComparison.Ordinal);
        Assert.Contains("8080", review, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=wizard-next]"));

        cut.Find("[data-testid=wizard-finish]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Created OrderServer", cut.Find("[data-testid=sample-done]").TextContent.Trim()));
        Assert.Equal(["OrderServer"], created);
        Assert.Empty(cut.FindAll("[data-testid=wizard-stepper]"));
        Assert.Null(await DraftAsync());
    }

    [Fact]
    public void A_refusal_at_the_finish_leads_back_to_the_step_of_its_field()
    {
        var cut = RenderWizard(p => p.Add(w => w.Finish, data =>
            [new FieldError("ServerName", "ServiceWizard.Server.Taken", $"Test.{data.ServerName} already exists.", $"Test.{data.ServerName}")]));
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");
        cut.Find(".field-port input").Input("8080");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=wizard-finish]")));

        cut.Find("[data-testid=wizard-finish]").Click();

        WaitForStep(cut, "field-server");
        cut.WaitForAssertion(() => Assert.Equal("Test.OrderServer already exists.", cut.FieldError("field-server")));
        Assert.Empty(cut.FindAll("[data-testid=sample-done]"));
        Assert.Equal("OrderServer", cut.Find(".field-server input").GetAttribute("value"));
    }

    [Fact]
    public void A_check_that_fails_for_another_reason_keeps_the_step_with_the_reason_in_the_alert()
    {
        var cut = RenderWizard(p => p.Add(w => w.Finish, _ => throw new InvalidOperationException("database gone")));
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");
        cut.Find(".field-port input").Input("8080");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=wizard-finish]")));

        cut.Find("[data-testid=wizard-finish]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=wizard-alert]")));
        Assert.NotNull(cut.Find("[data-testid=sample-review]"));
        Assert.Empty(cut.FindAll("[data-testid=sample-done]"));
    }
    [Fact]
    public void A_step_header_leads_back_to_a_step_passed_but_never_forward()
    {
        var cut = RenderWizard();
        cut.Find(".field-server input").Input("OrderServer");
        Next(cut);
        WaitForStep(cut, "field-port");
        var headers = cut.FindAll(".mud-stepper-step-button, .mud-step");
        Assert.True(headers.Count >= 3);

        cut.FindAll(".mud-stepper-step-button, .mud-step")[2].Click();
        Assert.Equal(1, cut.Instance.Model.Step);
        cut.FindAll(".mud-stepper-step-button, .mud-step")[0].Click();

        WaitForStep(cut, "field-server");
        Assert.Equal(0, cut.Instance.Model.Step);
        Assert.Equal("OrderServer", cut.Find(".field-server input").GetAttribute("value"));
    }
}
