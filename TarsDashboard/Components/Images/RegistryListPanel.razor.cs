using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Images;

/// <summary>The registry list; admins add, edit (with a login test) and delete; changes by others show live.</summary>
public sealed partial class RegistryListPanel : IDisposable
{
    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(150));
    private readonly PageLoadState _load = new();
    private IReadOnlyList<RegistrySummary>? _registries;
    private FormRunner? _form;

    /// <summary>The caller may change registries (admin); otherwise the list is read-only.</summary>
    [Parameter]
    public bool MayManage { get; set; }

    [Inject]
    private RegistryService RegistryService { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<RegistryListPanel> Logger { get; set; } = default!;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, []);

    protected override async Task OnInitializedAsync()
    {
        // Each row counts the images using it.
        _live.Start(Bus, liveEvent => liveEvent is RegistriesChanged or ImagesChanged, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        await LoadAsync();
    }

    private Task LoadAsync() => _load.LoadAsync(
        async () => _registries = await RegistryService.ListAsync(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Registry list could not be loaded"),
        onDenied: () => Form.SetAlert(L["Access.Denied"]));

    private Task AddAsync() => OpenDialogAsync(null);

    private Task EditAsync(RegistrySummary registry) => OpenDialogAsync(registry);

    private async Task OpenDialogAsync(RegistrySummary? existing)
    {
        Form.SetAlert(null);
        var parameters = new DialogParameters<RegistryDialog> { { d => d.Existing, existing } };
        var title = existing is null ? L["RegistryDialog.AddTitle"] : L["RegistryDialog.EditTitle", existing.Registry];
        var dialog = await Dialogs.ShowAsync<RegistryDialog>(title, parameters, DialogOptions);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: RegistrySummary saved })
        {
            Snackbar.Add(L["Registries.Saved", saved.Registry], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(RegistrySummary registry)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Registries.DeleteTitle"],
            L["Registries.DeleteConfirm", registry.Registry],
            yesText: L["Common.Delete"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        await Form.RunAsync(async () =>
            {
                await RegistryService.DeleteAsync(await Caller.GetAsync(), registry.Id);
                Snackbar.Add(L["Registries.Deleted", registry.Registry], Severity.Success);
                await LoadAsync();
            }, exception => Logger.LogFailure(exception, "Deleting registry {Registry} failed", registry.Registry),
            conflictText: L["Registries.Conflict", registry.Registry]);
    }

    private static DialogOptions DialogOptions { get; } =
        new() { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };

    public void Dispose() => _live.Dispose();
}
