using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Images;

/// <summary>The image list with filter and paging; admins add, edit and delete; changes by others (and syncs) show live.</summary>
public sealed partial class ImageListPanel : IDisposable
{
    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(150));
    private readonly PageLoadState _load = new();
    private IReadOnlyList<ImageSummary>? _images;
    private FormRunner? _form;

    /// <summary>The caller may change images (admin); otherwise the list is read-only.</summary>
    [Parameter]
    public bool MayManage { get; set; }

    [Inject]
    private ImageService ImageService { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ImageListPanel> Logger { get; set; } = default!;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, []);

    protected override async Task OnInitializedAsync()
    {
        // A sync writes its result and sha; a registry's address is shown in the rows.
        _live.Start(Bus, liveEvent => liveEvent is ImagesChanged or ImageMatrixChanged or RegistriesChanged, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        await LoadAsync();
    }

    private Task LoadAsync() => _load.LoadAsync(
        async () => _images = await ImageService.ListAsync(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Image list could not be loaded"),
        onDenied: () => Form.SetAlert(L["Access.Denied"]));

    private Task AddAsync() => OpenDialogAsync(null);

    private Task EditAsync(ImageSummary image) => OpenDialogAsync(image);

    private async Task OpenDialogAsync(ImageSummary? existing)
    {
        Form.SetAlert(null);
        var parameters = new DialogParameters<ImageDialog> { { d => d.Existing, existing } };
        var title = existing is null ? L["ImageDialog.AddTitle"] : L["ImageDialog.EditTitle", existing.Image];
        var dialog = await Dialogs.ShowAsync<ImageDialog>(title, parameters, DialogOptions);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: ImageSummary saved })
        {
            Snackbar.Add(L["Images.Saved", saved.Image], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(ImageSummary image)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Images.DeleteTitle"],
            L["Images.DeleteConfirm", image.Image],
            yesText: L["Common.Delete"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        await Form.RunAsync(async () =>
            {
                await ImageService.DeleteAsync(await Caller.GetAsync(), image.Id);
                Snackbar.Add(L["Images.Deleted", image.Image], Severity.Success);
                await LoadAsync();
            }, exception => Logger.LogFailure(exception, "Deleting image {Image} failed", image.Image),
            conflictText: L["Images.Conflict", image.Image]);
    }

    private static DialogOptions DialogOptions { get; } =
        new() { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };

    public void Dispose() => _live.Dispose();
}
