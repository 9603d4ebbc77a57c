using Bunit;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Components;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Configs;

/// <summary>The Config tab: the change is shown as a diff before it is saved, and a restore is confirmed first.</summary>
public sealed class ServiceConfigFilesPanelTests : DashboardComponentTest
{
    private ServerConfRow _row = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _row = new ServerConfRow { Application = "Test", ServerName = "Conf", NodeName = "10.0.0.7", TemplateName = "tars.default", Profile = "" };
        _row.Id = await Core.Get<ServerConfRepository>().InsertAsync(_row);
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private IRenderedComponent<ServiceConfigFilesPanel> RenderPanel()
    {
        var cut = Render<ServiceConfigFilesPanel>(p => p.Add(x => x.Row, _row).Add(x => x.MayEdit, true));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=config-files]").GetAttribute("data-ready")));
        return cut;
    }

    [Fact]
    public async Task An_edit_shows_its_diff_before_save_and_saves_with_its_reason()
    {
        var configs = Core.Get<ConfigFileService>();
        var file = await configs.CreateAsync(Caller.System, ConfigScope.ForServer("Test", "Conf"), "Conf.conf", "a=1\nb=2\n");
        var cut = RenderPanel();

        cut.Find($"tr[data-config='{file.Id}'] [data-testid=config-open]").Click();
        cut.WaitForElement(".field-content textarea").Input("a=1\nb=3\n");
        cut.Find("[data-testid=config-review]").Click();
        // No reason: the review waits for one and nothing is shown or stored.
        cut.WaitForAssertion(() => Assert.Contains("Say why the file changes.", cut.Find(".field-reason").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=config-review-diff]"));

        cut.Find(".field-reason input").Input("b is 3 now");
        cut.Find("[data-testid=config-review]").Click();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=config-review-diff]").GetAttribute("data-changes")));
        var changed = cut.Find("[data-testid=config-review-diff] tr[data-kind=Modified]");
        Assert.Contains("b=2", changed.TextContent);
        Assert.Contains("b=3", changed.TextContent);
        Assert.Equal("a=1\nb=2\n", (await configs.GetAsync(Caller.System, file.Id))!.Config);

        cut.Find("[data-testid=config-save]").Click();

        await Eventually.TrueAsync(async () => (await configs.GetAsync(Caller.System, file.Id))!.Config == "a=1\nb=3\n", "saved");
        var history = await configs.ListHistoryAsync(Caller.System, file.Id);
        Assert.Equal("b is 3 now", history.Rows[0].Reason);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=config-history] tr[data-version]").Count));
    }

    [Fact]
    public async Task A_restore_is_confirmed_first_and_two_versions_can_be_compared()
    {
        var configs = Core.Get<ConfigFileService>();
        var file = await configs.CreateAsync(Caller.System, ConfigScope.ForServer("Test", "Conf"), "Conf.conf", "old\r\ntext \t\n");
        await configs.UpdateAsync(Caller.System, file.Id, "new text\n", "replace", "old\r\ntext \t\n");
        var first = (await configs.ListHistoryAsync(Caller.System, file.Id)).Rows[^1].Id;
        var cut = RenderPanel();
        cut.Find($"tr[data-config='{file.Id}'] [data-testid=config-open]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=config-history] tr[data-version]").Count));

        foreach (var pick in cut.FindAll("[data-testid=config-history] input[type=checkbox]"))
        {
            pick.Change(true);
        }

        cut.Find("[data-testid=config-compare]").Click();
        cut.WaitForAssertion(() => Assert.Contains("old", cut.Find("[data-testid=config-compare-diff]").TextContent));

        cut.Find($"tr[data-version='{first}'] [data-testid=config-restore]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains($"Make version #{first} the current text of Conf.conf?", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Equal("new text\n", (await configs.GetAsync(Caller.System, file.Id))!.Config);

        cut.Find($"tr[data-version='{first}'] [data-testid=config-restore]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Make version", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Restore").Click();

        await Eventually.TrueAsync(async () => (await configs.GetAsync(Caller.System, file.Id))!.Config == "old\r\ntext \t\n", "restored byte for byte");
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=config-history] tr[data-version]").Count));
    }

    [Fact]
    public async Task A_new_file_with_a_taken_name_shows_the_error_next_to_the_name()
    {
        var configs = Core.Get<ConfigFileService>();
        await configs.CreateAsync(Caller.System, ConfigScope.ForServer("Test", "Conf"), "Conf.conf", "x");
        var cut = RenderPanel();

        cut.Find("[data-testid=config-new]").Click();
        _dialogs.WaitForElement(".field-create-name input").Input("Conf.conf");
        _dialogs.Find("[data-testid=config-create-save]").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains("Test.Conf already has a file named Conf.conf.", _dialogs.Find(".field-create-name").TextContent));
        Assert.Single(await configs.ListAsync(Caller.System, ConfigScope.ForServer("Test", "Conf")));
    }
}
