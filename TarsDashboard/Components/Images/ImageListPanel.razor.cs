using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Images;

/// <summary>The image list with filter and paging; admins add, edit and delete; changes by others (and syncs) show live.</summary>
public sealed partial class ImageListPanel : IDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50];

    private readonly RefreshCoalescer _refresh = new(TimeSpan.FromMilliseconds(150));
    private IReadOnlyList<ImageSummary>? _images;
    private Dictionary<string, object> _tableAttributes = [];
    private bool _loadFailed;
    private bool _busy;
    private string? _filter;
    private string? _alert;
    private bool _conflict;
    private IDisposable? _subscription;

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

    protected override async Task OnInitializedAsync()
    {
        _tableAttributes = new() { ["aria-label"] = L["Images.TabImages"].Value };
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _images = await ImageService.ListAsync(await Caller.GetAsync());
            _loadFailed = false;
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Image list could not be loaded: {Reason}", exception.Message);
            _loadFailed = true;
        }
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        // A sync writes its result and sha; a registry's address is shown in the rows.
        if (liveEvent is ImagesChanged or ImageMatrixChanged or RegistriesChanged)
        {
            _refresh.Request(() => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }

        return Task.CompletedTask;
    }

    private bool Matches(ImageSummary image)
    {
        if (string.IsNullOrWhiteSpace(_filter))
        {
            return true;
        }

        var text = _filter.Trim();
        return image.Image.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (image.Registry ?? "").Contains(text, StringComparison.OrdinalIgnoreCase)
            || image.Remark.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (image.Sha ?? "").Contains(text, StringComparison.OrdinalIgnoreCase)
            || (image.Result ?? "").Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    private Task AddAsync() => OpenDialogAsync(null);

    private Task EditAsync(ImageSummary image) => OpenDialogAsync(image);

    private async Task OpenDialogAsync(ImageSummary? existing)
    {
        _alert = null;
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

        _busy = true;
        _alert = null;
        _conflict = false;
        try
        {
            await ImageService.DeleteAsync(await Caller.GetAsync(), image.Id);
            Snackbar.Add(L["Images.Deleted", image.Image], Severity.Success);
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            _alert = string.Join(" ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (ConcurrencyConflictException)
        {
            _alert = L["Images.Conflict", image.Image];
            _conflict = true;
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Deleting image {Image} failed: {Reason}", image.Image, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReloadAfterConflictAsync()
    {
        _alert = null;
        _conflict = false;
        await LoadAsync();
    }

    private static DialogOptions DialogOptions { get; } =
        new() { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };

    public void Dispose() => _subscription?.Dispose();
}
