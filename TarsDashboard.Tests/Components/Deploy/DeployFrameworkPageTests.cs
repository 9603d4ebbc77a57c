using Bunit;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Framework;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Components;
using Xunit;
using DeployFrameworkPage = TarsDashboard.Components.Pages.DeployFramework;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The framework wizard page: steps validated before the next, messages by the fields, the export and resume.</summary>
public sealed class DeployFrameworkPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<DeployFrameworkPage> RenderPage()
    {
        var cut = Render<DeployFrameworkPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-next]")));
        return cut;
    }

    private static void Type(IRenderedComponent<DeployFrameworkPage> cut, string field, string value) =>
        cut.Find($"[data-field={field}] input").Input(value);

    private static void Next(IRenderedComponent<DeployFrameworkPage> cut) => cut.Find("[data-testid=framework-next]").Click();

    [Fact]
    public void A_bad_field_keeps_the_wizard_on_its_step_with_the_message_next_to_the_field()
    {
        var cut = RenderPage();
        Type(cut, "MySqlHost", "db host;rm");
        Type(cut, "MySqlPassword", "pw");

        Next(cut);

        cut.WaitForAssertion(() => Assert.Contains("Enter a host name or an IP address.", cut.Find("[data-field=MySqlHost]").TextContent));
        Assert.NotNull(cut.Find("[data-field=MySqlHost] input"));
        Assert.Empty(cut.FindAll("[data-field=NetworkName]"));
        Assert.NotNull(cut.Find("[data-testid=framework-alert]"));
    }

    [Fact]
    public void Ip_outside_the_subnet_is_shown_on_the_network_step()
    {
        var cut = RenderPage();
        Type(cut, "MySqlHost", "db.example.com");
        Type(cut, "MySqlPassword", "pw");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=FrameworkIp] input")));

        Type(cut, "FrameworkIp", "10.9.9.9");
        Next(cut);

        cut.WaitForAssertion(() => Assert.Contains("10.9.9.9 is not a usable address in 172.25.0.0/16.", cut.Markup));
        Assert.NotNull(cut.Find("[data-field=FrameworkIp] input"));
    }

    [Fact]
    public void Valid_steps_lead_to_the_review_with_the_exported_commands_without_the_password()
    {
        var cut = RenderPage();
        Type(cut, "MySqlHost", "db.example.com");
        Type(cut, "MySqlPassword", "Sup3r-Secret");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=Subnet] input")));
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=TarsHostpath] input")));
        Next(cut);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-export]")));
        var export = cut.Find("[data-testid=framework-export] pre").TextContent;
        Assert.Contains("docker network create --driver bridge --subnet 172.25.0.0/16 tars", export, StringComparison.Ordinal);
        Assert.Contains("-e MYSQL_ROOT_PASSWORD=\"$TARS_MYSQL_PASSWORD\"", export, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-Secret", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=framework-export] button[aria-label]"));
        Assert.NotNull(cut.Find("[data-testid=framework-deploy]"));
    }

    [Fact]
    public async Task The_draft_keeps_the_step_and_fields_but_never_the_password()
    {
        var cut = RenderPage();
        Type(cut, "MySqlHost", "db.example.com");
        Type(cut, "MySqlPassword", "Sup3r-Secret");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=Subnet] input")));

        var draft = await Core.Get<WizardDraftStore>().LoadAsync(Admin, FrameworkWizardDraft.Kind);
        Assert.NotNull(draft);
        Assert.Equal(1, draft.Step);
        Assert.Contains("db.example.com", draft.DataJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-Secret", draft.DataJson, StringComparison.Ordinal);

        var resumed = Render<DeployFrameworkPage>();
        resumed.WaitForAssertion(() => Assert.NotNull(resumed.Find("[data-testid=framework-resumed]")));
        Assert.NotNull(resumed.Find("[data-field=Subnet] input"));
    }

    [Fact]
    public void Kubernetes_mode_ends_with_the_yaml_to_download_and_integrated_mode_cannot_be_chosen()
    {
        var cut = RenderPage();
        var radios = cut.FindAll("[data-testid=framework-mode] input[type=radio]");
        Assert.True(radios[3].HasAttribute("disabled"));
        radios[1].Click();
        cut.WaitForAssertion(() => Assert.Contains("Cluster", cut.Find("[data-testid=framework-stepper]").TextContent));

        Type(cut, "MySqlHost", "mysql.db.svc.cluster.local");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=Namespace] input")));
        Next(cut);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-yaml]")));
        var yaml = cut.Find("[data-testid=framework-yaml] pre").TextContent;
        Assert.Contains("kind: StatefulSet", yaml, StringComparison.Ordinal);
        Assert.Contains("clusterIP: None", yaml, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=framework-download]"));
    }

    [Fact]
    public void Source_mode_ends_with_a_checklist_where_every_command_has_a_copy_button()
    {
        var cut = RenderPage();
        cut.FindAll("[data-testid=framework-mode] input[type=radio]")[2].Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=Version] input")));
        Type(cut, "Version", "latest");
        Next(cut);
        cut.WaitForAssertion(() => Assert.Contains("Enter a release tag such as v3.1.4.", cut.Markup));

        Type(cut, "Version", "v3.0.19");
        Next(cut);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-checklist]")));
        var buttons = cut.FindAll("[data-testid=framework-checklist] button[aria-label^='Copy ']");
        Assert.Equal(7, buttons.Count);
        Assert.Contains("--branch v3.0.19", cut.Find("[data-testid=framework-checklist]").TextContent, StringComparison.Ordinal);
    }
    [Fact]
    public void Switching_the_mode_after_a_step_of_another_starts_the_new_modes_steps_from_the_first()
    {
        var cut = RenderPage();
        Type(cut, "MySqlHost", "db host");
        Type(cut, "MySqlPassword", "pw");
        Next(cut);
        cut.WaitForAssertion(() => Assert.Contains("Enter a host name or an IP address.", cut.Find("[data-field=MySqlHost]").TextContent));
        Type(cut, "MySqlHost", "db.example.com");
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=NetworkName] input")));

        cut.FindAll("[data-testid=framework-mode] input[type=radio]")[2].Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-field=Version] input")));
        Next(cut);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-checklist]")));
        Assert.Empty(cut.FindAll("[data-testid=framework-alert]"));
    }
}
