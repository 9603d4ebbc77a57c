using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The node list: add, edit, test and remove nodes; states update live.</summary>
public sealed partial class Nodes : IDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50];

    private readonly PageLoadState _load = new();
    private IReadOnlyList<NodeRow>? _nodes;
    private IReadOnlyDictionary<string, NodeOwnership> _ownership = new Dictionary<string, NodeOwnership>();
    private FrameworkEndpoints? _framework;
    private bool _interactive;
    private bool _busy;
    private string? _filter;
    private IDisposable? _subscription;
    private Dictionary<string, object> _tableAttributes = [];

    [Inject]
    private NodeService NodeService { get; set; } = default!;

    [Inject]
    private NodeHealthMonitor Monitor { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private ILogger<Nodes> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _tableAttributes = new() { ["aria-label"] = L["Nav.Nodes"].Value };
        var allowed = await _load.CheckAccessAsync(
            async () => await Access.IsAllowedAsync(await Caller.GetAsync(), Permission.ManageNodes, AccessTarget.Global),
            exception => Logger.LogWarning("Nodes page could not check access: {Reason}", exception.Message));
        if (!allowed)
        {
            return;
        }

        _subscription = Bus.Subscribe(OnLiveEventAsync);
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

    private Task LoadAsync() => _load.LoadAsync(
        async () =>
        {
            var caller = await Caller.GetAsync();
            _nodes = await NodeService.ListAsync(caller);
            _ownership = await NodeService.ListOwnershipAsync(caller);
            _framework = await NodeService.FrameworkEndpointsAsync(caller);
        },
        exception => Logger.LogWarning("Nodes page could not list nodes: {Reason}", exception.Message));

    // Heartbeats move on their own; a health change is a good moment to read them again.
    private async Task ReadOwnershipAsync()
    {
        try
        {
            _ownership = await NodeService.ListOwnershipAsync(await Caller.GetAsync());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogWarning("Nodes page could not read node ownership: {Reason}", exception.Message);
        }
    }

    private bool Matches(NodeRow node)
    {
        if (string.IsNullOrWhiteSpace(_filter))
        {
            return true;
        }

        var text = _filter.Trim();
        return node.NodeName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || node.Endpoint.Contains(text, StringComparison.OrdinalIgnoreCase)
            || node.TarsHostpath.Contains(text, StringComparison.OrdinalIgnoreCase)
            || node.Labels.Contains(text, StringComparison.OrdinalIgnoreCase)
            || L[$"NodeManagement.{node.Management}"].Value.Contains(text, StringComparison.OrdinalIgnoreCase)
            || L[$"NodeState.{Monitor.Get(node.NodeName).State}"].Value.Contains(text, StringComparison.OrdinalIgnoreCase);
    }

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
                    await InvokeAsync(async () =>
                    {
                        await ReadOwnershipAsync();
                        StateHasChanged();
                    });
                    break;
            }
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed between the event and the render.
        }
    }

    private Task AddAsync() => OpenDialogAsync(null);

    private Task EditAsync(NodeRow node) => OpenDialogAsync(node);

    private async Task OpenDialogAsync(NodeRow? existing)
    {
        var parameters = new DialogParameters<NodeDialog> { { d => d.Existing, existing } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var title = existing is null ? L["NodeDialog.AddTitle"] : L["NodeDialog.EditTitle", existing.NodeName];
        var dialog = await Dialogs.ShowAsync<NodeDialog>(title, parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: NodeRow saved })
        {
            Snackbar.Add(L["Nodes.Saved", saved.NodeName], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task TestAsync(NodeRow node)
    {
        _busy = true;
        try
        {
            var health = await NodeService.CheckNowAsync(await Caller.GetAsync(), node.NodeName);
            if (health.State == NodeReachability.Reachable)
            {
                Snackbar.Add(L["Nodes.TestOk", node.NodeName, health.EngineVersion ?? "?"], Severity.Success);
            }
            else
            {
                Snackbar.Add(L["Nodes.TestFailed", node.NodeName, health.Error ?? ""], Severity.Error);
            }
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Test of node {Node} failed: {Reason}", node.NodeName, exception.Message);
            Snackbar.Add(L["Database.NotReachable"], Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveAsync(NodeRow node)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Nodes.RemoveTitle"],
            L["Nodes.RemoveConfirm", node.NodeName],
            yesText: L["Common.Remove"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            await NodeService.RemoveAsync(await Caller.GetAsync(), node.NodeName);
            Snackbar.Add(L["Nodes.Removed", node.NodeName], Severity.Success);
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            foreach (var error in refused.Errors)
            {
                Snackbar.Add(L.Localize(error), Severity.Error);
            }
        }
        catch (AccessDeniedException)
        {
            Snackbar.Add(L["Access.Denied"], Severity.Error);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Removing node {Node} failed: {Reason}", node.NodeName, exception.Message);
            Snackbar.Add(L["Database.NotReachable"], Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
