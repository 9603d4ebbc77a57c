using Bunit;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Components;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>The Manage tab: undeploy confirms first and shows Core's refusal of an active instance; a command's refusal sits at its field.</summary>
public sealed class ServiceManagePanelTests : DashboardComponentTest
{
    private ServerConfRow _row = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _row = new ServerConfRow
        {
            Application = "Test", ServerName = "Managed", NodeName = "10.0.0.8", TemplateName = "tars.default", Profile = "", RunType = RunTypes.Container,
            PresentState = PresentStates.Active,
        };
        await Core.Get<ServerConfRepository>().InsertAsync(_row);
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task Undeploy_asks_first_and_an_active_instance_is_refused_and_kept()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ServiceManagePanel>(p => p.Add(x => x.Row, _row).Add(x => x.MayOperate, true));

        cut.Find("[data-testid=undeploy]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be undone", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Undeploy").Click();

        cut.WaitForAssertion(() => Assert.Contains("is running; stop it before undeploying", cut.Find("[data-testid=undeploy-error]").TextContent),
            TimeSpan.FromSeconds(10));
        Assert.NotNull(await Core.Get<ServerConfRepository>().GetAsync(_row.Id));
    }

    [Fact]
    public void A_blank_command_and_one_the_dashboard_cannot_deliver_are_answered_at_the_field()
    {
        var cut = Render<ServiceManagePanel>(p => p.Add(x => x.Row, _row).Add(x => x.MayOperate, true));

        cut.Find("[data-testid=command-send]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Type a command", cut.Find("[data-testid=service-manage]").TextContent), TimeSpan.FromSeconds(10));

        cut.Find(".field-command input").Input("tars.viewstatus");
        cut.Find(".field-command input").Blur();
        cut.Find("[data-testid=command-send]").Click();

        cut.WaitForAssertion(() => Assert.Contains("have no admin port", cut.Find("[data-testid=service-manage]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=command-result]"));
    }
}
