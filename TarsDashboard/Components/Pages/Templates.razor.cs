using Microsoft.AspNetCore.Components;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Model;

namespace TarsDashboard.Components.Pages;

/// <summary>The template list: everyone signed in sees it; admins add, add children and delete. Changes by others show live.</summary>
public sealed partial class Templates : ListComponent<TemplateSummary>
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private bool _interactive;
    private bool _mayManage;

    [Inject]
    private TemplateService TemplateService { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        return StartAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>Checks access, then subscribes and loads; also the Retry after the database was not reachable.</summary>
    private async Task StartAsync()
    {
        var allowed = await Load.CheckAccessAsync(async () =>
        {
            var grants = await Access.LoadGrantsAsync(await Caller.GetAsync());
            _mayManage = AccessControl.IsAllowed(grants, Permission.ManageTemplates, AccessTarget.Global);
            return AccessControl.IsAllowed(grants, Permission.ViewShared, AccessTarget.Global);
        }, exception => Logger.LogFailure(exception, "Templates page could not check access"));
        if (!allowed)
        {
            return;
        }

        ReloadOn(liveEvent => liveEvent is TemplatesChanged);
        await LoadAsync();
    }

    protected override Task<IReadOnlyList<TemplateSummary>> ListAsync(Caller caller) => TemplateService.ListAsync(caller);

    protected override void OnLoadDenied() => Load.Allowed = false;

    private static bool IsRoot(TemplateSummary template) =>
        string.IsNullOrWhiteSpace(template.ParentName) || string.Equals(template.ParentName, template.Name, StringComparison.OrdinalIgnoreCase);

    private static bool IsDefault(TemplateSummary template) =>
        string.Equals(template.Name, DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase);

    private Task DeleteAsync(TemplateSummary template) => ConfirmAndRunAsync(
        L["Templates.DeleteTitle"], L["Templates.DeleteConfirm", template.Name], L["Common.Remove"],
        caller => TemplateService.DeleteAsync(caller, template.Name), L["Templates.Deleted", template.Name],
        exception => Logger.LogFailure(exception, "Deleting template {Template} failed", template.Name));
}
