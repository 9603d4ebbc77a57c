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
    private readonly PageLoadState _load = new();
    private IReadOnlyList<NodeRow>? _nodes;
    private IReadOnlyDictionary<string, NodeOwnership> _ownership = new Dictionary<string, NodeOwnership>();
    private FrameworkEndpoints? _framework;
    private bool _interactive;
    private bool _busy;
    private IDisposable? _subscription;

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
        var allowed = await _load.CheckAccessAsync(
            async () => await Access.IsAllowedAsync(await Caller.GetAsync(), Permission.ManageNodes, AccessTarget.Global),
            exception => Logger.LogFailure(exception, "Nodes page could not check access"));
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
        exception => Logger.LogFailure(exception, "Nodes page could not list nodes"));

    // Heartbeats move on their own; a health change is a good moment to read them again.
    private async Task ReadOwnershipAsync()
    {
        try
        {
            _ownership = await NodeService.ListOwnershipAsync(await Caller.GetAsync());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogFailure(exception, "Nodes page could not read node ownership");
        }
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
            Logger.LogFailure(exception, "Test of node {Node} failed", node.NodeName);
            Snackbar.Add(L.Describe(exception), Severity.Error);
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
            // A refusal for the user to fix, shown by the field; not a failure to log.
            foreach (var error in refused.Errors)
            {
                Snackbar.Add(L.Localize(error), Severity.Error);
            }
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            Snackbar.Add(L["Access.Denied"], Severity.Error);
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Removing node {Node} failed", node.NodeName);
            Snackbar.Add(L.Describe(exception), Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
