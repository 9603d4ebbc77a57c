using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// Edits one service instance: general settings, SET, container mode (image, volumes, ports), private profile and
/// adapters, with live previews of the merged config and the container. Core validates and saves; this page shows
/// what Core says next to each field and row. Operators edit; developers see it read-only.
/// </summary>
public sealed partial class ServiceEdit : IDisposable
{
    private static readonly HashSet<string> InputFields = typeof(ServiceEditInput).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly RefreshCoalescer _refresh = new(TimeSpan.FromMilliseconds(300));
    private ServiceEditContext? _context;
    private ServiceEditInput _input = new();
    private ServicePreview _preview = new(null, null, []);
    private IReadOnlyList<AdapterConfRow> _adapters = [];
    private bool _interactive;
    private bool _busy;
    private bool _denied;
    private bool _notFound;
    private Failure? _loadFailure;
    private bool _conflict;
    private bool? _copied;
    private string? _alert;
    private string? _stale;
    private IDisposable? _subscription;

    [Parameter]
    public int Id { get; set; }

    [Inject]
    private TarsDashboard.Core.Statistics.TarsStatisticsService Statistics { get; set; } = default!;

    [Inject]
    private EngineEventWatcher Watcher { get; set; } = default!;

    [Inject]
    private ServiceEditor Editor { get; set; } = default!;

    [Inject]
    private ServiceCatalog Catalog { get; set; } = default!;

    [Inject]
    private AdapterService Adapters { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<ServiceEdit> Logger { get; set; } = default!;

    private bool ReadOnly => _context?.MayEdit != true;

    private bool IsContainer => RunTypes.IsContainer(_input.RunType);

    /// <summary>The run mode differs from the stored one while tarsnode reports the instance running.</summary>
    private bool RunModeChangeOnRunningService =>
        _context is not null && _context.Row.PresentState == PresentStates.Active
        && RunTypes.Normalize(_context.Row.RunType) != RunTypes.Normalize(_input.RunType);

    protected override async Task OnParametersSetAsync()
    {
        _subscription ??= Bus.Subscribe(OnLiveEventAsync);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var context = await Editor.LoadAsync(await Caller.GetAsync(), Id);
            _notFound = context is null;
            _denied = false;
            _loadFailure = null;
            if (context is not null)
            {
                Show(context);
            }
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _denied = true;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Service {Id} could not be loaded", Id);
            _loadFailure = ErrorPolicy.Classify(exception);
        }
    }

    private void Show(ServiceEditContext context)
    {
        _context = context;
        _adapters = context.Adapters;
        _input = context.NewInput();
        _errors.Clear();
        _alert = null;
        _conflict = false;
        _stale = null;
        _copied = null;
        UpdatePreview();
    }

    private async Task ReloadAsync() => await LoadAsync();

    private void UpdatePreview()
    {
        if (_context is not null)
        {
            _preview = ServiceEditor.Preview(_context, _input);
        }
    }

    /// <summary>Applies a change from a field; its message described the old value, so it goes until the next save.</summary>
    private void Set(string field, Action apply)
    {
        apply();
        _errors.Remove(field);
        _copied = null;
        UpdatePreview();
    }

    private void SetContainer(bool container) =>
        Set(nameof(ServiceEditInput.RunType), () =>
        {
            _input.RunType = container ? RunTypes.Container : RunTypes.Native;
            _input.RestartAcknowledged = false;
            if (container && _input.BaseImageId == 0 && _context!.Images.Count == 1)
            {
                _input.BaseImageId = _context.Images[0].Id;
            }
        });

    /// <summary>A volume or port field changed: its messages described the old value.</summary>
    private void OnMappingChanged(string field)
    {
        foreach (var key in _errors.Keys.Where(k => k == field || k.StartsWith(field + ".", StringComparison.Ordinal)).ToList())
        {
            _errors.Remove(key);
        }

        _copied = null;
        UpdatePreview();
    }

    // Messages of rows are keyed by index; adding or removing a row moves them, so they go.
    private void OnMappingRowsChanged()
    {
        foreach (var key in _errors.Keys.Where(k => k.StartsWith("Volumes[", StringComparison.Ordinal) || k.StartsWith("Ports[", StringComparison.Ordinal)).ToList())
        {
            _errors.Remove(key);
        }

        UpdatePreview();
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task SaveAsync()
    {
        if (_context is null)
        {
            return;
        }

        _busy = true;
        _alert = null;
        _conflict = false;
        _errors.Clear();
        try
        {
            var saved = await Editor.SaveAsync(await Caller.GetAsync(), _context.Row, _input);
            Snackbar.Add(L["ServiceEdit.Saved", saved.ServiceId, saved.NodeName], Severity.Success);
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            // A refusal for the user to fix, shown by the field; not a failure to log.
            var general = new List<string>();
            foreach (var error in refused.Errors)
            {
                var text = L.Localize(error);
                if (InputFields.Contains(error.Field) || error.Field.StartsWith("Volumes[", StringComparison.Ordinal) || error.Field.StartsWith("Ports[", StringComparison.Ordinal))
                {
                    if (!_errors.TryGetValue(error.Field, out var messages))
                    {
                        _errors[error.Field] = messages = [];
                    }

                    messages.Add(text);
                }
                else
                {
                    general.Add(text);
                }
            }

            _alert = general.Count > 0 ? string.Join(" ", general) : L["ServiceEdit.FixErrors", refused.Errors.Count];
        }
        catch (ConcurrencyConflictException)
        {
            // Someone changed it meanwhile: the user reloads; not a failure to log.
            _conflict = true;
            _alert = L["ServiceEdit.Conflict"];
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Saving service {Id} failed", Id);
            _alert = L.Describe(exception);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyRunLineAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _preview.DockerRunLines ?? "");
            _copied = true;
        }
        catch (JSException)
        {
            // No clipboard access (plain http from another host): the line can still be selected by hand.
            _copied = false;
        }
    }

    private Task AddAdapterAsync() => OpenAdapterDialogAsync(null);

    private Task EditAdapterAsync(AdapterConfRow adapter) => OpenAdapterDialogAsync(adapter);

    private async Task OpenAdapterDialogAsync(AdapterConfRow? existing)
    {
        if (_context is null)
        {
            return;
        }

        var parameters = new DialogParameters<AdapterDialog> { { d => d.Server, _context.Row }, { d => d.Existing, existing } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var title = existing is null ? L["AdapterDialog.AddTitle"] : L["AdapterDialog.EditTitle", existing.Servant];
        var dialog = await Dialogs.ShowAsync<AdapterDialog>(title, parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: AdapterConfRow saved })
        {
            Snackbar.Add(L["ServiceEdit.AdapterSaved", saved.Servant], Severity.Success);
            await LoadAdaptersAsync();
        }
    }

    private async Task DeleteAdapterAsync(AdapterConfRow adapter)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["ServiceEdit.DeleteAdapterTitle"], L["ServiceEdit.DeleteAdapterConfirm", adapter.Servant],
            yesText: L["Common.Remove"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            await Adapters.DeleteAsync(await Caller.GetAsync(), adapter);
            Snackbar.Add(L["ServiceEdit.AdapterDeleted", adapter.Servant], Severity.Success);
            await LoadAdaptersAsync();
        }
        catch (ConcurrencyConflictException)
        {
            // Someone changed it meanwhile: the user reloads; not a failure to log.
            Snackbar.Add(L["ServiceEdit.AdapterConflict", adapter.Servant], Severity.Error);
            await LoadAdaptersAsync();
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            Snackbar.Add(L["Access.Denied"], Severity.Error);
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Deleting adapter {Servant} failed", adapter.Servant);
            Snackbar.Add(L.Describe(exception), Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task LoadAdaptersAsync()
    {
        if (_context is null)
        {
            return;
        }

        try
        {
            _adapters = await Adapters.ListAsync(await Caller.GetAsync(), _context.Row.Id);
            _context = _context with { Adapters = _adapters };
            UpdatePreview();
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Adapters of service {Id} could not be loaded", Id);
        }
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is ServiceChanged changed && _context is { } context && changed.Application == context.Row.Application
            && changed.ServerName == context.Row.ServerName && changed.NodeName == context.Row.NodeName)
        {
            _refresh.Request(() => InvokeAsync(async () =>
            {
                await CheckChangedAsync(changed);
                StateHasChanged();
            }));
        }

        return Task.CompletedTask;
    }

    /// <summary>After a save anywhere: adapters are reloaded; a changed row is announced, never merged into the open form.</summary>
    private async Task CheckChangedAsync(ServiceChanged changed)
    {
        if (_context is null || (_busy && changed.Change != "state"))
        {
            return;
        }

        if (changed.Change != "state")
        {
            await LoadAdaptersAsync();
        }

        try
        {
            var current = await Catalog.GetAsync(await Caller.GetAsync(), _context.Row.Id);
            if (current is not null)
            {
                // Running state is not part of the form: it is always shown as it is now.
                _context.Row.PresentState = current.PresentState;
                _context.Row.ProcessId = current.ProcessId;
            }

            if (current is not null && (current.Posttime != _context.Row.Posttime || current.Profile != _context.Row.Profile))
            {
                _stale = changed.ChangedBy;
            }
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Service {Id} could not be checked after a change", Id);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private static string FailureLogsHref(string node, string service) => ServiceLogsTab.FailureLogsHref(node, service);
}
