using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The releases of an instance's service (<see cref="ReleaseService"/>): start a batch publish, follow it per node as
/// <see cref="ReleaseProgress"/> arrives, stop it, undo a stopped one, roll back to an earlier release after seeing what
/// changes.
/// </summary>
public sealed partial class ServiceReleasesPanel : IDisposable
{
    private IReadOnlyList<ReleaseSummary> _releases = [];
    private Failure? _failure;
    private string? _error;
    private bool _loading = true;
    private bool _busy;
    private IDisposable? _subscription;
    private bool _reloadQueued;

    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    /// <summary>The caller holds OperateService on the service.</summary>
    [Parameter]
    public bool MayOperate { get; set; }

    [Inject]
    private ReleaseService Releases { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<ServiceReleasesPanel> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _releases = await Releases.ListAsync(await Caller.GetAsync(), Row.Application, Row.ServerName);
            _failure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Releases of {Service} could not load", Row.ServiceId);
            _failure = ErrorPolicy.Classify(exception);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task OpenRolloutAsync()
    {
        var parameters = new DialogParameters<RolloutDialog> { { d => d.Row, Row } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<RolloutDialog>(L["Releases.BatchPublishTitle", Row.Application + "." + Row.ServerName], parameters, options);
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task RollbackAsync(ReleaseRow release)
    {
        var parameters = new DialogParameters<RollbackDialog> { { d => d.Release, release } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<RollbackDialog>(L["Releases.RollbackTitle", release.Id], parameters, options);
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task RevertAsync(ReleaseRow release)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Releases.RevertTitle", release.Id], L["Releases.RevertConfirm", release.Id],
            yesText: L["Releases.Revert"], cancelText: L["Common.Cancel"]);
        if (confirmed == true)
        {
            await RunAsync(async () => await Releases.RevertAsync(await Caller.GetAsync(), release.Id));
        }
    }

    private async Task CancelAsync(ReleaseRow release)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Releases.StopTitle", release.Id], L["Releases.StopConfirm"],
            yesText: L["Releases.Stop"], cancelText: L["Common.Cancel"]);
        if (confirmed == true)
        {
            await RunAsync(async () => await Releases.CancelAsync(await Caller.GetAsync(), release.Id));
        }
    }

    private async Task RunAsync(Func<Task> work)
    {
        _busy = true;
        _error = null;
        try
        {
            await work();
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            _error = string.Join("; ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Release action on {Service} failed", Row.ServiceId);
            _error = ErrorPolicy.Classify(exception).Describe(L);
        }
        finally
        {
            _busy = false;
        }
    }

    // Progress comes in bursts (a batch's nodes, then the release); one reload a moment later covers a burst.
    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is not ReleaseProgress progress || progress.Application != Row.Application || progress.ServerName != Row.ServerName
            || _reloadQueued)
        {
            return Task.CompletedTask;
        }

        _reloadQueued = true;
        return InvokeAsync(async () =>
        {
            await Task.Delay(100);
            _reloadQueued = false;
            await LoadAsync();
            StateHasChanged();
        });
    }

    private string KindText(ReleaseRow release) => release.Kind == ReleaseKinds.Rollback
        ? release.RevertsReleaseId is { } reverted ? L["Releases.KindRevert", reverted] : L["Releases.KindRollback", release.SourceReleaseId ?? 0]
        : L["Releases.KindRollout"];

    private string StateText(string state) => L[$"Releases.State.{state}"];

    private string NodeStateText(string state) => L[$"Releases.NodeState.{state}"];

    private static Color StateColor(string state) => state switch
    {
        ReleaseStates.Succeeded => Color.Success,
        ReleaseStates.Running => Color.Info,
        ReleaseStates.RolledBack => Color.Default,
        _ => Color.Error,
    };

    public void Dispose() => _subscription?.Dispose();
}
