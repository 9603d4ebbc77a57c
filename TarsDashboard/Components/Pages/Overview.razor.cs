using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;

using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>One card per node with its engine's health, updated live from the event bus.</summary>
public sealed partial class Overview : IDisposable
{
    private const string Dash = "—";

    private readonly HashSet<string> _retrying = new(StringComparer.Ordinal);
    private IReadOnlyList<NodeRow>? _nodes;
    private readonly PageLoadState _load = new();
    private bool _interactive;
    private IDisposable? _subscription;
    private bool _setupPending;

    [Inject]
    private TarsDashboard.Core.Deploy.Setup.FirstRun FirstRun { get; set; } = default!;

    [Inject]
    private TarsDashboard.Core.Security.AccessControl Access { get; set; } = default!;

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private NodeHealthMonitor Monitor { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<Overview> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        await LoadAsync();
        await CheckSetupAsync();
    }

    /// <summary>On a new installation, admins are offered the first-run wizard until they finish or dismiss it.</summary>
    private async Task CheckSetupAsync()
    {
        try
        {
            var caller = await Caller.GetAsync();
            _setupPending = await FirstRun.IsPendingAsync()
                && await Access.IsAllowedAsync(caller, TarsDashboard.Core.Security.Permission.ManageUsers, TarsDashboard.Core.Security.AccessTarget.Global);
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Overview could not read the first-run state");
        }
    }

    private async Task DismissSetupAsync()
    {
        try
        {
            await FirstRun.MarkCompletedAsync(await Caller.GetAsync());
            _setupPending = false;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "First-run wizard not dismissed");
            Snackbar.Add(L.Describe(exception), Severity.Error);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            // Tells browser tests that the circuit is connected and clicks will be handled.
            _interactive = true;
            StateHasChanged();
        }
    }

    private Task LoadAsync() => _load.LoadAsync(
        async () => _nodes = await Nodes.ListAsync(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Overview could not list nodes"));

    private Task ReloadAsync() => LoadAsync();

    private async Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        try
        {
            switch (liveEvent)
            {
                case NodesChanged:
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                    break;
                case NodeHealthChanged:
                    await InvokeAsync(StateHasChanged);
                    break;
            }
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed between the event and the render.
        }
    }

    private async Task RetryAsync(string nodeName)
    {
        _retrying.Add(nodeName);
        try
        {
            await Nodes.CheckNowAsync(await Caller.GetAsync(), nodeName);
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Retry of node {Node} failed", nodeName);
            Snackbar.Add(L.Describe(exception), Severity.Error);
        }
        finally
        {
            _retrying.Remove(nodeName);
        }
    }

    private int Count(NodeReachability state) => _nodes?.Count(n => Monitor.Get(n.NodeName).State == state) ?? 0;

    private static string FormatGiB(long bytes) =>
        (bytes / (1024d * 1024 * 1024)).ToString("0.0", CultureInfo.CurrentCulture);

    private static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.CurrentCulture) + " UTC";

    public void Dispose() => _subscription?.Dispose();
}
