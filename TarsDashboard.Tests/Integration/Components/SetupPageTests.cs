using Bunit;
using TarsDashboard.Components.Pages;
using TarsDashboard.Core.Deploy.Setup;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The first-run wizard on a new installation: offered on the overview, each step checked, then finished.</summary>
[Collection("infra")]
public sealed class SetupPageTests(InfraFixture infra) : DashboardComponentTest
{
    [Fact]
    public async Task The_overview_offers_the_wizard_on_a_new_installation_until_it_is_dismissed()
    {
        var cut = Render<Overview>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=setup-pending]"));
        Assert.Equal("/setup", cut.Find("[data-testid=setup-pending] a").GetAttribute("href"));

        await cut.InvokeAsync(() => cut.Button("Dismiss").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=setup-pending]")));
        Assert.False(await Core.Get<FirstRun>().IsPendingAsync());
    }

    [Fact]
    public async Task Keeping_the_embedded_database_then_password_then_first_node_finishes_the_setup()
    {
        var cut = Render<Setup>();
        cut.WaitForAssertion(() => cut.Find(".field-database-choice"));
        cut.AssertEveryButtonIsNamed();
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => cut.Find(".field-new-password input"));
        cut.Find(".field-new-password input").Input("short");
        cut.Find(".field-confirm-password input").Input("different");
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => Assert.Equal("The two passwords differ.", cut.FieldError("field-confirm-password")));
        cut.Find(".field-confirm-password input").Input("short");
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => Assert.NotNull(cut.FieldError("field-new-password")));
        cut.Find(".field-new-password input").Input("New-Admin-Pass-1");
        cut.Find(".field-confirm-password input").Input("New-Admin-Pass-1");
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        // No node yet: the step asks for one.
        cut.WaitForAssertion(() => cut.Find(".field-add-node"));
        Assert.Equal(SignInOutcome.Succeeded, (await Core.Get<AccountService>().CheckPasswordAsync("admin", "New-Admin-Pass-1")).Outcome);
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => Assert.Equal("Add the first node: the dashboard needs one Docker engine.", cut.FieldError("field-endpoint")));
        cut.Find(".field-endpoint input").Input(infra.Node1.Endpoint);
        cut.Find(".field-name input").Input("first");
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => Assert.Contains("first", cut.Find("[data-testid=setup-review]").TextContent), TimeSpan.FromSeconds(20));
        await cut.InvokeAsync(() => cut.Button("Finish").Click());

        cut.WaitForAssertion(() => cut.Find("[data-testid=setup-done]"));
        Assert.False(await Core.Get<FirstRun>().IsPendingAsync());
        Assert.NotNull(await Core.Get<NodeService>().GetAsync(new Caller("admin"), "first"));
    }

    [Fact]
    public async Task Choosing_mysql_tests_the_server_prepares_db_tars_and_asks_for_a_restart()
    {
        var database = "setup_ui_" + Guid.NewGuid().ToString("N")[..8];
        var cut = Render<Setup>();
        cut.WaitForAssertion(() => cut.Find(".field-database-choice"));

        cut.FindAll(".field-database-choice input[type=radio]")[1].Click();
        cut.WaitForAssertion(() => cut.Find(".field-host input"));
        cut.Find(".field-host input").Input("127.0.0.1");
        cut.Find(".field-port input").Input(infra.MariaDb.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.Find(".field-user input").Input("root");
        cut.Find(".field-password input").Input(infra.MariaDb.RootPassword);
        cut.Find(".field-dbname input").Input(database);
        await cut.InvokeAsync(() => cut.Button("Test connection").Click());
        cut.WaitForAssertion(() => Assert.Contains("does not exist yet", cut.Find("[data-testid=setup-probe]").TextContent), TimeSpan.FromSeconds(20));

        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => Assert.Contains("Restart the dashboard", cut.Find("[data-testid=setup-restart]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal(TarsDashboard.Core.Data.DatabaseProvider.MySql, Core.Get<DatabaseSetupService>().SettingsFile.Read()!.Value.Provider);
    }
}
