using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Adds a node or edits one; Core validates and probes the engine, this dialog shows what it says by each field.</summary>
public sealed partial class NodeDialog
{
    private static readonly string[] Fields =
    [
        nameof(NodeInput.Name), nameof(NodeInput.Management), nameof(NodeInput.Endpoint), nameof(NodeInput.TlsCertPath),
        nameof(NodeInput.TarsHostpath), nameof(NodeInput.Labels),
    ];

    private FormRunner? _form;
    private NodeInput _input = new();
    private NodeHealth? _probe;
    private NodeOwnership? _ownership;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The node to edit; null to add one.</summary>
    [Parameter]
    public NodeRow? Existing { get; set; }

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<NodeDialog> Logger { get; set; } = default!;

    private bool IsEdit => Existing is not null;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override async Task OnInitializedAsync()
    {
        _input = Existing is null ? new NodeInput() : NodeInput.From(Existing);
        if (Existing is not null)
        {
            await ReadOwnershipAsync();
        }
    }

    /// <summary>What t_node_info says of a tarsnode for this name, to warn (fresh) or tell what saving clears (stale) before saving.</summary>
    private async Task ReadOwnershipAsync()
    {
        var name = _input.Name.Trim();
        if (name.Length == 0 || _ownership?.NodeName == name)
        {
            return;
        }

        try
        {
            _ownership = await Nodes.OwnershipAsync(await Caller.GetAsync(), name);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only a warning is lost; Core still refuses or clears on save.
            Logger.LogFailure(exception, "Ownership of node {Node} not read", name);
            _ownership = null;
        }
    }

    private void Set(string field, string? value)
    {
        value ??= "";
        switch (field)
        {
            case nameof(NodeInput.Name): _input.Name = value; break;
            case nameof(NodeInput.Endpoint): _input.Endpoint = value; break;
            case nameof(NodeInput.TlsCertPath): _input.TlsCertPath = value; break;
            case nameof(NodeInput.TarsHostpath): _input.TarsHostpath = value; break;
            case nameof(NodeInput.Labels): _input.Labels = value; break;
            case nameof(NodeInput.Management): _input.Management = value; break;
        }

        Form.Forget(field);
    }

    private async Task TestAsync()
    {
        await RunAsync(async () =>
        {
            // Testing an endpoint should not demand a name first.
            var input = Copy(_input);
            if (string.IsNullOrWhiteSpace(input.Name))
            {
                input.Name = "test";
            }

            _probe = await Nodes.TestAsync(await Caller.GetAsync(), input);
        });
    }

    private async Task SaveAsync()
    {
        await RunAsync(async () =>
        {
            var caller = await Caller.GetAsync();
            var before = await Nodes.OwnershipAsync(caller, _input.Name);
            var saved = Existing is null
                ? await Nodes.AddAsync(caller, Copy(_input))
                : await Nodes.UpdateAsync(caller, Existing.NodeName, Copy(_input), Existing.RowVersion);
            if (saved.Management == NodeManagement.Engine && before.Heartbeat is { IsStale: true } stale)
            {
                // Core cleared it while saving (audited as node.heartbeat.clear).
                Snackbar.Add(L["NodeManagement.StaleHeartbeatCleared", saved.NodeName, stale.TimeOfDay], Severity.Info);
            }

            Dialog.Close(DialogResult.Ok(saved));
        });
    }

    private void Cancel() => Dialog.Cancel();

    private Task RunAsync(Func<Task> action)
    {
        _probe = null;
        return Form.RunAsync(action, exception =>
            Logger.LogFailure(exception, "Saving node {Node} failed", _input.Name), conflictText: L["NodeDialog.Conflict"]);
    }

    // Core trims and may rewrite what it is given; the fields keep showing exactly what the user typed.
    private static NodeInput Copy(NodeInput input) => new()
    {
        Name = input.Name,
        Endpoint = input.Endpoint,
        TlsCertPath = input.TlsCertPath,
        TarsHostpath = input.TarsHostpath,
        Labels = input.Labels,
        Management = input.Management,
    };
}
