using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>
/// Adds a registry or edits one, and tests its login from a node (where pulls will run). The saved password is never
/// shown: on an edit an empty password keeps it. How it is stored is chosen here (plain text for the Tars framework, or
/// encrypted for the dashboard alone); switching re-stores the saved one. Core validates; its messages appear by each field.
/// </summary>
public sealed partial class RegistryDialog
{
    private const string NodeField = "NodeName";

    private static readonly string[] Fields =
    [
        nameof(RegistryInput.Registry), nameof(RegistryInput.Username), nameof(RegistryInput.Password), nameof(RegistryInput.Remark), NodeField,
    ];

    private FormRunner? _form;
    private RegistryInput _input = new();
    private IReadOnlyList<string>? _nodes;
    private string? _node;
    private RegistryLoginResult? _login;
    private bool _frameworkPresent;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The registry to edit; null to add one.</summary>
    [Parameter]
    public RegistrySummary? Existing { get; set; }

    [Inject]
    private RegistryService Registries { get; set; } = default!;

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<RegistryDialog> Logger { get; set; } = default!;

    private bool IsEdit => Existing is not null;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override async Task OnInitializedAsync()
    {
        _input = Existing is null ? new RegistryInput() : RegistryInput.From(Existing);
        try
        {
            // The choice is always explicit: the saved form, else what suits this installation.
            var suggested = await Registries.DefaultPasswordStorageAsync(await Caller.GetAsync());
            _frameworkPresent = suggested == PasswordStorage.PlainText;
            _input.PasswordStorage ??= suggested;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Registry dialog could not tell whether a Tars framework is present");
            _input.PasswordStorage ??= PasswordStorage.Encrypted;
        }

        try
        {
            // A registry login is tried through a node's engine.
            _nodes = (await Nodes.ListAsync(await Caller.GetAsync())).Where(n => n.HasEngine).Select(n => n.NodeName).ToList();
            _node = _nodes.FirstOrDefault();
        }
        catch (Exception exception)
        {
            // The form still works; only the login test needs a node.
            Logger.LogFailure(exception, "Registry dialog could not list nodes");
            _nodes = [];
        }
    }

    private void Set(string field, string? value)
    {
        value ??= "";
        switch (field)
        {
            case nameof(RegistryInput.Registry): _input.Registry = value; break;
            case nameof(RegistryInput.Username): _input.Username = value; break;
            case nameof(RegistryInput.Password): _input.Password = value; break;
            case nameof(RegistryInput.Remark): _input.Remark = value; break;
        }

        Form.Forget(field);
        _login = null;
    }

    private string StorageName => _input.PasswordStorage == PasswordStorage.PlainText ? "plain" : "encrypted";

    private void SetStorage(PasswordStorage storage)
    {
        _input.PasswordStorage = storage;
        Form.Forget(nameof(RegistryInput.Password));
    }

    private void SetNode(string? node)
    {
        _node = node;
        Form.Forget(NodeField);
        _login = null;
    }

    private Task TestAsync() => RunAsync(async () =>
        _login = await Registries.TestLoginAsync(await Caller.GetAsync(), Copy(_input), _node ?? "", Existing?.Id));

    private Task SaveAsync() => RunAsync(async () =>
    {
        var caller = await Caller.GetAsync();
        var saved = Existing is null
            ? await Registries.AddAsync(caller, Copy(_input))
            : await Registries.UpdateAsync(caller, Existing.Id, Copy(_input), Existing.UpdateTime);
        Dialog.Close(DialogResult.Ok(saved));
    });

    private void Cancel() => Dialog.Cancel();

    private Task RunAsync(Func<Task> action)
    {
        _login = null;
        return Form.RunAsync(action, exception =>
                Logger.LogFailure(exception, "Saving registry {Registry} failed", _input.Registry),
            conflictText: L["RegistryDialog.Conflict"]);
    }

    // Core trims what it is given; the fields keep showing exactly what the user typed.
    private static RegistryInput Copy(RegistryInput input) => new()
    {
        Registry = input.Registry,
        Username = input.Username,
        Password = input.Password,
        Remark = input.Remark,
        PasswordStorage = input.PasswordStorage,
    };
}
