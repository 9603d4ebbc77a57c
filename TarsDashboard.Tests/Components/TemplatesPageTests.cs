using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using Xunit;
using TemplateEditorPage = TarsDashboard.Components.Pages.TemplateEditor;
using TemplatesPage = TarsDashboard.Components.Pages.Templates;

namespace TarsDashboard.Tests.Components;

/// <summary>The Templates pages on the embedded database: the list, the editor with errors by line, the merged view, read-only for developers.</summary>
public sealed class TemplatesPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    private const string CppProfile = "<tars>\n  <application>\n    <server>\n      logLevel=INFO\n    </server>\n  </application>\n</tars>\n";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Core.Get<TemplateService>().AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        await Core.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.cpp.default",
        });
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
    }

    [Fact]
    public void The_list_shows_each_template_with_parent_children_services_and_actions()
    {
        var cut = Render<TemplatesPage>();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#templates").GetAttribute("data-ready")));
        Assert.Equal(["tars.cpp.default", "tars.default"], cut.FindAll("td[data-template]").Select(td => td.GetAttribute("data-template")));
        Assert.Equal("tars.default", cut.Find("td[data-parent='tars.cpp.default']").TextContent.Trim());
        Assert.Equal("—", cut.Find("td[data-parent='tars.default']").TextContent.Trim());
        Assert.Equal(("1", "0"), (cut.Find("td[data-children='tars.default']").TextContent.Trim(), cut.Find("td[data-services='tars.default']").TextContent.Trim()));
        Assert.Equal("1", cut.Find("td[data-services='tars.cpp.default']").TextContent.Trim());
        Assert.Equal("/templates/tars.cpp.default", cut.Find("td[data-template='tars.cpp.default'] a").GetAttribute("href"));
        Assert.NotNull(cut.Find("[aria-label='Add a child template of tars.default']"));
        Assert.NotNull(cut.Find("button[aria-label='Delete tars.cpp.default']"));
        Assert.Empty(cut.FindAll("button[aria-label='Delete tars.default']"));
        cut.AssertEveryButtonIsNamed();

        cut.Find(".filter input").Input("cpp");
        cut.WaitForAssertion(() => Assert.Equal(["tars.cpp.default"], cut.FindAll("td[data-template]").Select(td => td.GetAttribute("data-template"))));
    }

    [Fact]
    public void Deleting_a_template_a_service_uses_asks_first_and_shows_the_refusal()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TemplatesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("td[data-template]").Count));

        cut.Find("button[aria-label='Delete tars.cpp.default']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete template tars.cpp.default?", dialogs.Markup));
        dialogs.Button("Remove").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            "1 service instance(s) and 0 template(s) use this template; move them to another template first.",
            cut.Find("[data-testid=templates-alert] .mud-alert-message").TextContent.Trim()));
        Assert.Equal(2, cut.FindAll("td[data-template]").Count);
    }

    [Fact]
    public async Task The_editor_shows_a_parse_error_by_its_line_next_to_the_profile_and_saves_nothing()
    {
        var cut = RenderEditor("tars.cpp.default");

        cut.Find(".field-profile textarea").Input("<tars>\n  <application>\n    logLevel=DEBUG\n  </tars>\n");

        cut.WaitForAssertion(() => Assert.Equal("Line 4: closing tag </tars> does not match <application>.", cut.FieldError("field-profile")));
        cut.Button("Save").Click();
        cut.WaitForAssertion(() => Assert.Equal("Line 4: closing tag </tars> does not match <application>.", cut.FieldError("field-profile")));
        Assert.Equal(CppProfile, (await Core.Get<TemplateService>().GetAsync(Admin, "tars.cpp.default"))!.Profile);

        cut.Find(".field-profile textarea").Input("<tars>\n  <application>\n    logLevel=DEBUG\n  </application>\n</tars>\n");
        cut.WaitForAssertion(() => Assert.Null(cut.FieldError("field-profile")));
        cut.Button("Save").Click();
        await WaitForAsync(async () => (await Core.Get<TemplateService>().GetAsync(Admin, "tars.cpp.default"))!.Profile.Contains("DEBUG", StringComparison.Ordinal));
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public void Several_errors_are_listed_by_line_under_the_profile()
    {
        var cut = RenderEditor("tars.cpp.default");

        cut.Find(".field-profile textarea").Input("orphan=1\n<tars>\n  <server\n</tars>\n<extra>\n");

        cut.WaitForAssertion(() => Assert.Equal(["1", "3", "5"], cut.FindAll("[data-testid=profile-errors] li").Select(li => li.GetAttribute("data-line"))));
        Assert.StartsWith("Line 1: 'orphan=1' is outside any section", cut.FieldError("field-profile"));
    }

    [Fact]
    public void The_merged_view_shows_the_parents_keys_and_the_chain()
    {
        var cut = RenderEditor("tars.cpp.default");

        cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Merged view").Click();

        cut.WaitForAssertion(() => Assert.Contains("sync-invoke-timeout=3000", cut.Find("[data-testid=merged-profile]").TextContent));
        var merged = cut.Find("[data-testid=merged-profile]").TextContent;
        Assert.Contains("logLevel=INFO", merged);
        Assert.DoesNotContain("logLevel=DEBUG", merged);
        Assert.Equal(["tars.default", "tars.cpp.default"],
            cut.FindAll("[data-testid=template-chain] li.mud-breadcrumb-item").Select(li => li.TextContent.Trim()));
        Assert.Equal("/templates/tars.default", cut.Find("[data-testid=template-chain] a").GetAttribute("href"));
    }

    [Fact]
    public void A_renamed_or_missing_parent_is_shown_next_to_its_field_when_adding()
    {
        var cut = RenderEditor(parent: "tars.gone");

        cut.Find(".field-name input").Input("tars.new");
        cut.Button("Create").Click();

        cut.WaitForAssertion(() => Assert.Equal("Template 'tars.gone' does not exist.", cut.FieldError("field-parent")));
        Assert.Null(cut.FieldError("field-name"));
    }

    [Fact]
    public async Task A_new_child_template_is_created_from_the_editor()
    {
        var cut = RenderEditor(parent: "tars.cpp.default");

        cut.Find(".field-name input").Input("tars.cpp.slow");
        cut.Find(".field-profile textarea").Input("<tars>\n  <application>\n    <client>\n      sync-invoke-timeout=6000\n    </client>\n  </application>\n</tars>\n");
        cut.Button("Create").Click();

        await WaitForAsync(async () => await Core.Get<TemplateService>().GetAsync(Admin, "tars.cpp.slow") is not null);
        var created = await Core.Get<TemplateService>().GetAsync(Admin, "tars.cpp.slow");
        Assert.Equal("tars.cpp.default", created!.ParentName);
        cut.WaitForAssertion(() => Assert.EndsWith("/templates/tars.cpp.slow", Services.GetRequiredService<NavigationManager>().Uri));
    }

    [Fact]
    public async Task A_save_elsewhere_refreshes_an_untouched_editor_and_leaves_unsaved_edits_alone()
    {
        var untouched = RenderEditor("tars.cpp.default");
        var edited = RenderEditor("tars.cpp.default");
        edited.Find(".field-profile textarea").Input(CppProfile + "# mine\n");
        var service = Core.Get<TemplateService>();
        var current = (await service.GetAsync(Admin, "tars.cpp.default"))!;

        await service.UpdateAsync(Admin, "tars.cpp.default",
            new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile.Replace("INFO", "WARN", StringComparison.Ordinal) },
            current.Posttime);

        untouched.WaitForAssertion(() => Assert.Contains("logLevel=WARN", untouched.Find(".field-profile textarea").GetAttribute("value")), TimeSpan.FromSeconds(5));
        edited.WaitForAssertion(() => Assert.Contains("Someone else saved template tars.cpp.default", edited.Find("[data-testid=template-notice]").TextContent),
            TimeSpan.FromSeconds(5));
        Assert.Contains("# mine", edited.Find(".field-profile textarea").GetAttribute("value"));

        edited.Button("Save").Click();
        edited.WaitForAssertion(() => Assert.Contains("was changed by someone else after you opened it",
            edited.Find("[data-testid=template-alert]").TextContent));
        Assert.Contains("logLevel=WARN", (await service.GetAsync(Admin, "tars.cpp.default"))!.Profile);
    }

    [Fact]
    public void A_developer_reads_templates_without_any_way_to_change_them()
    {
        Auth.SetAuthorized("dev1");

        var list = Render<TemplatesPage>();
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("td[data-template]").Count));
        Assert.DoesNotContain("Add template", list.Markup);
        Assert.Empty(list.FindAll("button[aria-label='Delete tars.cpp.default']"));

        var editor = RenderEditor("tars.cpp.default");
        Assert.NotNull(editor.Find("[data-testid=template-read-only]"));
        Assert.True(editor.Find(".field-profile textarea").HasAttribute("readonly"));
        Assert.DoesNotContain(editor.FindAll("button"), b => b.TextContent.Trim() is "Save" or "Delete");
    }

    [Fact]
    public void A_template_that_does_not_exist_says_so()
    {
        var cut = RenderEditor("tars.nothing");

        Assert.Contains("Template tars.nothing does not exist", cut.Find("[data-testid=template-not-found]").TextContent);
    }

    private IRenderedComponent<TemplateEditorPage> RenderEditor(string? name = null, string? parent = null)
    {
        var cut = Render<TemplateEditorPage>(p =>
        {
            if (parent is not null)
            {
                p.Add(e => e.Parent, parent);
            }
            else
            {
                p.Add(e => e.Name, name);
            }
        });
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#template-editor").GetAttribute("data-ready")));
        return cut;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(50);
        }
    }
}
