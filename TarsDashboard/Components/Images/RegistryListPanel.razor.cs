using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;

namespace TarsDashboard.Components.Images;

/// <summary>The registry list; admins add, edit (with a login test) and delete; changes by others show live.</summary>
public sealed partial class RegistryListPanel : ListComponent<RegistrySummary>
{
    /// <summary>The caller may change registries (admin); otherwise the list is read-only.</summary>
    [Parameter]
    public bool MayManage { get; set; }

    [Inject]
    private RegistryService RegistryService { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // Each row counts the images using it.
        ReloadOn(liveEvent => liveEvent is RegistriesChanged or ImagesChanged);
        await LoadAsync();
    }

    protected override Task<IReadOnlyList<RegistrySummary>> ListAsync(Caller caller) => RegistryService.ListAsync(caller);

    private Task OpenDialogAsync(RegistrySummary? existing) => EditInDialogAsync<RegistryDialog, RegistrySummary>(
        existing is null ? L["RegistryDialog.AddTitle"] : L["RegistryDialog.EditTitle", existing.Registry],
        new DialogParameters<RegistryDialog> { { d => d.Existing, existing } },
        saved => L["Registries.Saved", saved.Registry]);

    private Task DeleteAsync(RegistrySummary registry) => ConfirmAndRunAsync(
        L["Registries.DeleteTitle"], L["Registries.DeleteConfirm", registry.Registry], L["Common.Delete"],
        caller => RegistryService.DeleteAsync(caller, registry.Id), L["Registries.Deleted", registry.Registry],
        exception => Logger.LogFailure(exception, "Deleting registry {Registry} failed", registry.Registry),
        conflictText: L["Registries.Conflict", registry.Registry]);
}
