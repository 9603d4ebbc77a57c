using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The lifecycle buttons of a service instance: each creates a Tars task through <see cref="ServiceLifecycle"/> and the bar
/// follows its item live. Native services keep the buttons disabled and say why.
/// </summary>
public sealed partial class ServiceLifecycleBar : IDisposable
{
    private TaskProgress? _progress;
    private string? _taskNo;
    private bool _running;
    private string? _error;
    private IDisposable? _subscription;

    /// <summary>The stored instance (its saved run mode counts, not an unsaved form).</summary>
    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    /// <summary>The caller holds OperateService on the service.</summary>
    [Parameter]
    public bool MayOperate { get; set; }

    [Inject]
    private ServiceLifecycle Lifecycle { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private string? Reason => !MayOperate ? L["Lifecycle.NotAllowed"].Value : ServiceLifecycle.RefusalReason(Row) is null ? null : L["Lifecycle.NativeReason"].Value;

    private bool CanOperate => Reason is null;

    protected override void OnInitialized() => _subscription = Bus.Subscribe(OnLiveEventAsync);

    private async Task StopAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Lifecycle.StopTitle"], L["Lifecycle.StopConfirm", Row.ServiceId, Row.NodeName],
            yesText: L["Lifecycle.Stop"], cancelText: L["Common.Cancel"]);
        if (confirmed == true)
        {
            await RunAsync(ServiceCommands.Stop);
        }
    }

    private async Task RunAsync(string command)
    {
        _running = true;
        _error = null;
        _progress = null;
        try
        {
            var caller = await Caller.GetAsync();
            var task = command switch
            {
                ServiceCommands.Start => await Lifecycle.StartAsync(caller, [Row.Id]),
                ServiceCommands.Stop => await Lifecycle.StopAsync(caller, [Row.Id]),
                _ => await Lifecycle.RestartAsync(caller, [Row.Id]),
            };
            _taskNo = task.TaskNo;
        }
        catch (Exception exception) when (exception is ValidationFailedException or AccessDeniedException or InvalidOperationException)
        {
            _error = exception.Message;
            _running = false;
        }
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is TaskProgress progress && progress.ServerId == Row.Id && (_taskNo is null || progress.TaskNo == _taskNo))
        {
            return InvokeAsync(() =>
            {
                _taskNo ??= progress.TaskNo;
                _progress = progress;
                _running = !progress.IsFinished;
                StateHasChanged();
            });
        }

        return Task.CompletedTask;
    }

    private static string LastLine(string log) =>
        log.TrimEnd('\n').Split('\n').LastOrDefault() ?? "";

    public void Dispose() => _subscription?.Dispose();
}
