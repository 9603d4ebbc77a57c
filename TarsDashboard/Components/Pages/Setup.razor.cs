using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Setup;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// The first-run wizard: keep the embedded database or connect to MySQL (create or adopt db_tars; the switch applies
/// at the next start, and the wizard goes on there), set the admin password, add the first node, finish.
/// </summary>
public sealed partial class Setup
{
    public const string DraftKind = "setup";

    private const int ReviewStep = 3;
    private const string PasswordField = "Password";
    private const string ConfirmField = "Confirm";

    private static readonly string[] DatabaseFields = ["Host", "Port", "User", "Database"];
    private static readonly string[] PasswordFields = [PasswordField, ConfirmField];
    private static readonly string[] NodeFields = [nameof(NodeInput.Endpoint), nameof(NodeInput.Name)];

    private FormRunner _form = null!;
    private SetupDraft _draft = new();
    private MySqlProbeResult? _probe;
    private List<string> _nodeNames = [];
    private string _currentDatabase = "";
    private string _userName = "";
    private string? _newPassword;
    private string? _confirmPassword;
    private string? _databaseFile;
    private DateTime? _draftSavedAt;
    private int _active;
    private bool? _allowed;
    private bool _loadFailed;
    private bool _interactive;
    private bool _passwordSet;
    private bool _restartNeeded;
    private bool _finished;

    [Inject]
    private DatabaseSetupService DatabaseSetup { get; set; } = default!;

    [Inject]
    private TarsDatabase Database { get; set; } = default!;

    [Inject]
    private FirstRun FirstRun { get; set; } = default!;

    [Inject]
    private UserService Users { get; set; } = default!;

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private WizardDraftStore Drafts { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<Setup> Logger { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _form = new FormRunner(L, [.. DatabaseFields, .. PasswordFields, .. NodeFields], StateHasChanged);
        return LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        _loadFailed = false;
        try
        {
            var caller = await Caller.GetAsync();
            _userName = caller.UserName;
            // Changing the database and the admin password is for admins on everything.
            _allowed = await Access.IsAllowedAsync(caller, Permission.ManageUsers, AccessTarget.Global);
            if (_allowed != true)
            {
                return;
            }

            _currentDatabase = Database.Describe();
            await LoadNodesAsync(caller);
            if (await Drafts.LoadAsync<SetupDraft>(caller, DraftKind) is { } resumed)
            {
                _draft = resumed.Data;
                // The password step must be done again in this visit: passwords are not kept in drafts.
                _active = Math.Min(resumed.Step, 1);
                _draftSavedAt = resumed.UpdatedAt;
            }
        }
        catch (Exception exception)
        {
            Logger.LogWarning("First-run wizard could not load: {Reason}", exception.Message);
            _loadFailed = true;
        }
    }

    private async Task LoadNodesAsync(Caller caller) => _nodeNames = [.. (await Nodes.ListAsync(caller)).Select(n => n.NodeName)];

    private void SetMySql(Action assign, string field)
    {
        assign();
        _form.Forget(field);
        _probe = null;
    }

    private void SetNode(Action assign, string field)
    {
        assign();
        _form.Forget(field);
    }

    private bool HasError(string field) => _form.HasError(field);

    private string? ErrorFor(string field) => _form.ErrorFor(field);

    private bool HasErrors(IEnumerable<string> fields) => fields.Any(_form.HasError);

    private async Task TestMySqlAsync()
    {
        await RunAsync(async caller =>
        {
            _probe = await DatabaseSetup.TestAsync(caller, _draft.MySql);
            if (_probe.Reachable)
            {
                _draft.Mode = _probe.SuggestedMode;
            }
        });
    }

    private async Task OnPreviewInteractionAsync(StepperInteractionEventArgs args)
    {
        if (args.Action == StepAction.Activate && args.StepIndex > _active)
        {
            args.Cancel = true; // only Next moves forward, so every step is checked
            return;
        }

        if (args.Action != StepAction.Complete)
        {
            return;
        }

        var ok = _active switch
        {
            0 => await DatabaseStepAsync(),
            1 => await PasswordStepAsync(),
            2 => await NodeStepAsync(),
            _ => await FinishAsync(),
        };
        if (!ok || _active == ReviewStep || _restartNeeded)
        {
            args.Cancel = true;
        }
    }

    private async Task OnActiveIndexChangedAsync(int index)
    {
        _active = index;
        try
        {
            await Drafts.SaveAsync(await Caller.GetAsync(), DraftKind, _active, _draft);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("First-run wizard draft not saved: {Reason}", exception.Message);
        }
    }

    private Task<bool> DatabaseStepAsync() => RunAsync(async caller =>
    {
        if (!_draft.UseMySql)
        {
            await DatabaseSetup.KeepEmbeddedAsync(caller);
            return;
        }

        _probe ??= await DatabaseSetup.TestAsync(caller, _draft.MySql);
        if (!_probe.Reachable)
        {
            throw new ValidationFailedException(new FieldError("Host", "Setup.Unreachable", "MySQL did not answer.", _probe.Error ?? ""));
        }

        await DatabaseSetup.PrepareAsync(caller, _draft.MySql, _draft.Mode);
        _databaseFile = DatabaseSetup.SettingsFile.FilePath;
        _restartNeeded = true;
        await Drafts.DeleteAsync(caller, DraftKind);
    });

    private Task<bool> PasswordStepAsync() => RunAsync(async caller =>
    {
        if (_passwordSet && string.IsNullOrEmpty(_newPassword))
        {
            return; // set earlier in this visit; coming back through the step does not ask again
        }

        if (!string.Equals(_newPassword, _confirmPassword, StringComparison.Ordinal))
        {
            throw new ValidationFailedException(new FieldError("Confirm", "Setup.Confirm.Mismatch", "The two passwords differ."));
        }

        var me = (await Users.ListAsync(caller)).Single(u => u.UserName == caller.UserName);
        await Users.ResetPasswordAsync(caller, caller.UserName, _newPassword ?? "", me.RowVersion);
        _passwordSet = true;
        _newPassword = _confirmPassword = null;
    });

    private Task<bool> NodeStepAsync() => RunAsync(async caller =>
    {
        if (_draft.AddNode)
        {
            await Nodes.AddAsync(caller, _draft.Node);
            _draft.AddNode = false;
            _draft.Node = new NodeInput();
            await LoadNodesAsync(caller);
        }
        else if (_nodeNames.Count == 0)
        {
            _draft.AddNode = true; // open the fields the message points at
            throw new ValidationFailedException(new FieldError(nameof(NodeInput.Endpoint), "Setup.Node.Required", "Add the first node: the dashboard needs one Docker engine."));
        }
    });

    private Task<bool> FinishAsync() => RunAsync(async caller =>
    {
        await FirstRun.MarkCompletedAsync(caller);
        await Drafts.DeleteAsync(caller, DraftKind);
        _finished = true;
    });

    /// <summary>Runs a step's Core work; refusals go next to their fields (or into the alert), and the step stays.</summary>
    private Task<bool> RunAsync(Func<Caller, Task> work) =>
        _form.RunAsync(async () => await work(await Caller.GetAsync()),
            exception => Logger.LogWarning("First-run wizard step failed: {Reason}", exception.Message));
}
