using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
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

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private NodeInput _input = new();
    private NodeHealth? _probe;
    private string? _alert;
    private bool _busy;

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

        // The message described the old value; the next save or test checks the new one.
        _errors.Remove(field);
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

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

    /// <summary>Runs a Core call with the buttons disabled, and turns its refusals into messages by the fields.</summary>
    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        _alert = null;
        _errors.Clear();
        _probe = null;
        StateHasChanged();
        try
        {
            await action();
        }
        catch (ValidationFailedException refused)
        {
            _alert = FieldErrors.Place(refused, Fields, _errors, L);
        }
        catch (ConcurrencyConflictException)
        {
            _alert = L["NodeDialog.Conflict"];
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Saving node {Node} failed: {Reason}", _input.Name, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
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
