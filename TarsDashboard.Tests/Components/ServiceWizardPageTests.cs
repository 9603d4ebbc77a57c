using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using Xunit;
using DeployServicePage = TarsDashboard.Components.Pages.DeployService;
using TarsDashboard.Tests.Support;

namespace TarsDashboard.Tests.Components;

/// <summary>The service wizard page: a step is checked before the next opens, with the message at the field; a draft resumes.</summary>
public sealed class ServiceWizardPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Core.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.default", Profile = "", AsyncThreadNum = 3,
        });
        await Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "node1", Endpoint = "tcp://127.0.0.1:1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<DeployServicePage> RenderPage()
    {
        var cut = Render<DeployServicePage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#deploy-service").GetAttribute("data-ready")));
        return cut;
    }

    private static void WaitForStep(IRenderedComponent<DeployServicePage> cut, ServiceDeployStep step) =>
        cut.WaitForAssertion(() => Assert.Equal(((int)step).ToString(System.Globalization.CultureInfo.InvariantCulture),
            cut.Find("#deploy-service").GetAttribute("data-step")));

    // MudTextField may put the test id on its <input> or on a wrapper around it.
    private static IElement InputOf(IRenderedComponent<DeployServicePage> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public void Next_is_refused_with_a_bad_server_name_and_the_message_is_shown_next_to_the_field()
    {
        var cut = RenderPage();
        cut.Find("[data-testid=wizard-next]").Click();
        WaitForStep(cut, ServiceDeployStep.Server);

        InputOf(cut, "field-server-name").Input("1bad-name");
        cut.Find("[data-testid=wizard-next]").Click();

        cut.WaitForAssertion(() =>
        {
            var field = InputOf(cut, "field-server-name").Closest(".mud-input-control")!;
            Assert.Contains("Use letters and digits, starting with a letter.", field.TextContent);
            Assert.NotEmpty(field.QuerySelectorAll(".mud-input-error"));
        });
        Assert.Equal("1", cut.Find("#deploy-service").GetAttribute("data-step"));

        // A taken name is refused the same way; a good one opens the next step.
        InputOf(cut, "field-server-name").Input("Hello");
        cut.Find("[data-testid=wizard-next]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Test.Hello already exists.", InputOf(cut, "field-server-name").Closest(".mud-input-control")!.TextContent));
        InputOf(cut, "field-server-name").Input("OrderServer");
        cut.Find("[data-testid=wizard-next]").Click();
        WaitForStep(cut, ServiceDeployStep.Set);
    }

    [Fact]
    public async Task A_draft_left_half_way_resumes_at_its_step_with_its_values_or_starts_over()
    {
        await Core.Get<WizardDraftStore>().SaveAsync(Admin, ServiceDeployer.DraftKind, (int)ServiceDeployStep.Set, new ServiceDeployRequest
        {
            Application = "Test", ServerName = "SavedServer", TemplateName = "tars.default", EnableSet = true, SetName = "sh",
        });
        var cut = RenderPage();
        Assert.Contains("SavedServer", cut.Find("[data-testid=draft-offer]").TextContent);

        cut.Find("[data-testid=draft-resume]").Click();

        WaitForStep(cut, ServiceDeployStep.Set);
        cut.WaitForAssertion(() => Assert.Equal("sh", cut.Find("[data-field=SetName] input, input[data-field=SetName]").GetAttribute("value")));
        cut.Find("[data-testid=wizard-back]").Click();
        WaitForStep(cut, ServiceDeployStep.Server);
        cut.WaitForAssertion(() => Assert.Equal("SavedServer", InputOf(cut, "field-server-name").GetAttribute("value")));

        // Start over forgets the draft.
        var again = RenderPage();
        again.Find("[data-testid=draft-start-over]").Click();
        again.WaitForAssertion(() => Assert.Equal("wizard", again.Find("#deploy-service").GetAttribute("data-phase")));
        Assert.Equal("0", again.Find("#deploy-service").GetAttribute("data-step"));
        await Eventually.TrueAsync(async () => await Core.Get<WizardDraftStore>().LoadAsync(Admin, ServiceDeployer.DraftKind) is null,
            "the draft to be deleted");
    }
}
