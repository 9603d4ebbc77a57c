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
        nameof(NodeInput.Name), nameof(NodeInput.Endpoint), nameof(NodeInput.TlsCertPath), nameof(NodeInput.TarsHostpath), nameof(NodeInput.Labels),
    ];

    private FormRunner? _form;
    private NodeInput _input = new();
    private NodeHealth? _probe;

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
    private ILogger<NodeDialog> Logger { get; set; } = default!;

    private bool IsEdit => Existing is not null;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override void OnInitialized()
    {
        _input = Existing is null ? new NodeInput() : NodeInput.From(Existing);
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
            var saved = Existing is null
                ? await Nodes.AddAsync(caller, Copy(_input))
                : await Nodes.UpdateAsync(caller, Existing.NodeName, Copy(_input), Existing.RowVersion);
            Dialog.Close(DialogResult.Ok(saved));
        });
    }

    private void Cancel() => Dialog.Cancel();

    private Task RunAsync(Func<Task> action)
    {
        _probe = null;
        return Form.RunAsync(action, exception =>
            Logger.LogWarning("Saving node {Node} failed: {Reason}", _input.Name, exception.Message), conflictText: L["NodeDialog.Conflict"]);
    }

    // Core trims and may rewrite what it is given; the fields keep showing exactly what the user typed.
    private static NodeInput Copy(NodeInput input) => new()
    {
        Name = input.Name,
        Endpoint = input.Endpoint,
        TlsCertPath = input.TlsCertPath,
        TarsHostpath = input.TarsHostpath,
        Labels = input.Labels,
    };
}
