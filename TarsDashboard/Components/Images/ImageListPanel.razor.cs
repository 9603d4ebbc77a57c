using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;

namespace TarsDashboard.Components.Images;

/// <summary>The image list with filter and paging; admins add, edit and delete; changes by others (and syncs) show live.</summary>
public sealed partial class ImageListPanel : ListComponent<ImageSummary>
{
    /// <summary>The caller may change images (admin); otherwise the list is read-only.</summary>
    [Parameter]
    public bool MayManage { get; set; }

    [Inject]
    private ImageService ImageService { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // A sync writes its result and sha; a registry's address is shown in the rows.
        ReloadOn(liveEvent => liveEvent is ImagesChanged or ImageMatrixChanged or RegistriesChanged);
        await LoadAsync();
    }

    protected override Task<IReadOnlyList<ImageSummary>> ListAsync(Caller caller) => ImageService.ListAsync(caller);

    private Task OpenDialogAsync(ImageSummary? existing) => EditInDialogAsync<ImageDialog, ImageSummary>(
        existing is null ? L["ImageDialog.AddTitle"] : L["ImageDialog.EditTitle", existing.Image],
        new DialogParameters<ImageDialog> { { d => d.Existing, existing } },
        saved => L["Images.Saved", saved.Image]);

    private Task DeleteAsync(ImageSummary image) => ConfirmAndRunAsync(
        L["Images.DeleteTitle"], L["Images.DeleteConfirm", image.Image], L["Common.Delete"],
        caller => ImageService.DeleteAsync(caller, image.Id), L["Images.Deleted", image.Image],
        exception => Logger.LogFailure(exception, "Deleting image {Image} failed", image.Image),
        conflictText: L["Images.Conflict", image.Image]);
}
