using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The lifecycle buttons of a service instance: each creates a Tars task through <see cref="ServiceLifecycle"/> and the bar
/// follows its item live. Native services, and instances on a node a tarsnode owns, keep the buttons disabled and say
/// why (Core's <see cref="ServiceLifecycle.Refusal"/>; Core refuses the same calls on its own).
/// </summary>
public sealed partial class ServiceLifecycleBar : IDisposable
{
    private TaskProgress? _progress;
    private string? _taskNo;
    private bool _running;
    private string? _error;
    private bool _frameworkUnreachable;
    private string? _lastCommand;
    private FrameworkServerState? _frameworkState;
    private bool _readingFrameworkState;
    private IDisposable? _subscription;
    private NodeOwnership? _ownership;

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
    private FrameworkStateReader FrameworkState { get; set; } = default!;

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private ILogger<ServiceLifecycleBar> Logger { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private string? Reason => !MayOperate ? L["Lifecycle.NotAllowed"].Value
        : ServiceLifecycle.Refusal(Row, _ownership ?? new NodeOwnership(Row.NodeName, NodeManagement.Engine, null)) is { } refusal ? L.Localize(refusal)
        : null;

    private bool CanOperate => Reason is null;

    protected override void OnInitialized() => _subscription = Bus.Subscribe(OnLiveEventAsync);

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _ownership = await Nodes.OwnershipAsync(await Caller.GetAsync(), Row.NodeName);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Without it the buttons stay as the run mode says; Core still refuses what is tarsnode's.
            Logger.LogFailure(exception, "Ownership of node {Node} not read", Row.NodeName);
            _ownership = null;
        }

        await ReadFrameworkStateAsync();
    }

    private bool IsTarsnodes => _ownership?.Owner == InstanceOwner.Tarsnode;

    // On a tarsnode's node the state is tarsnode's word, asked of tarsAdminRegistry (never an exception: a problem says why).
    private async Task ReadFrameworkStateAsync()
    {
        if (!IsTarsnodes)
        {
            _frameworkState = null;
            return;
        }

        _readingFrameworkState = true;
        try
        {
            _frameworkState = await FrameworkState.GetAsync(await Caller.GetAsync(), Row);
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _frameworkState = null;
        }
        finally
        {
            _readingFrameworkState = false;
        }
    }

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
        _lastCommand = command;
        _running = true;
        _error = null;
        _frameworkUnreachable = false;
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
        catch (FrameworkUnreachableException exception)
        {
            // Nothing was sent or written: say so and offer the same action again.
            _error = L.Localize(exception.Error);
            _frameworkUnreachable = true;
            _running = false;
        }
        catch (ValidationFailedException exception)
        {
            // A refusal for the user to read, not a failure to log.
            _error = string.Join("; ", exception.Errors.Select(e => L.Localize(e)));
            _running = false;
        }
        catch (Exception exception) when (exception is AccessDeniedException or InvalidOperationException)
        {
            // Core refuses with a message (no grant, a node it cannot command); kept in the log with its stack.
            Logger.LogWarning(exception, "{Command} of service {Id} refused", command, Row.Id);
            _error = exception.Message;
            _running = false;
        }
    }

    private Task RetryAsync() => _lastCommand is { } command ? RunAsync(command) : Task.CompletedTask;

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is TaskProgress progress && progress.ServerId == Row.Id && (_taskNo is null || progress.TaskNo == _taskNo))
        {
            return InvokeAsync(async () =>
            {
                _taskNo ??= progress.TaskNo;
                _progress = progress;
                _running = !progress.IsFinished;
                StateHasChanged();
                if (progress.IsFinished && IsTarsnodes)
                {
                    await ReadFrameworkStateAsync();
                    StateHasChanged();
                }
            });
        }

        return Task.CompletedTask;
    }

    private static string LastLine(string log) =>
        log.TrimEnd('\n').Split('\n').LastOrDefault() ?? "";

    public void Dispose() => _subscription?.Dispose();
}
