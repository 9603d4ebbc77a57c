using Microsoft.AspNetCore.Components;
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

    private const string PasswordField = "Password";
    private const string ConfirmField = "Confirm";

    private static readonly string[] DatabaseFields = ["Host", "Port", "User", "Database"];
    private static readonly string[] PasswordFields = [PasswordField, ConfirmField];
    private static readonly string[] NodeFields = [nameof(NodeInput.Endpoint), nameof(NodeInput.Name)];

    private WizardModel<SetupDraft> _wizard = null!;
    private IReadOnlyList<WizardStepDefinition> _steps = [];
    private MySqlProbeResult? _probe;
    private List<string> _nodeNames = [];
    private string _currentDatabase = "";
    private string _userName = "";
    private string? _newPassword;
    private string? _confirmPassword;
    private string? _databaseFile;
    private bool? _allowed;
    private Failure? _loadFailure;
    private bool _interactive;
    private bool _passwordSet;
    private bool _restartNeeded;

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
        _steps =
        [
            new("Database", DatabaseFields, DatabaseStepAsync),
            new("AdminPassword", PasswordFields, PasswordStepAsync),
            new("FirstNode", NodeFields, NodeStepAsync),
            new("Review", [], FinishAsync),
        ];
        _wizard = new WizardModel<SetupDraft>(DraftKind, () => new SetupDraft(), () => _steps, Drafts, Caller.GetAsync, L, Logger, StateHasChanged);
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
        _loadFailure = null;
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
            // The password step must be done again in this visit: passwords are not kept in drafts.
            await _wizard.LoadDraftAsync(resumeAt: saved => Math.Min(saved.Step, 1));
        }
        catch (Exception exception)
        {
            _loadFailure = ErrorPolicy.Classify(exception);
            Logger.LogFailure(exception, "First-run wizard could not load");
        }
    }

    private async Task LoadNodesAsync(Caller caller) => _nodeNames = [.. (await Nodes.ListAsync(caller)).Select(n => n.NodeName)];

    private SetupDraft Draft => _wizard.Data;

    private void SetMySql(Action assign, string field)
    {
        _wizard.Set(field, assign);
        _probe = null;
    }

    private void SetNode(Action assign, string field) => _wizard.Set(field, assign);

    private async Task TestMySqlAsync()
    {
        await _wizard.RunAsync(async () =>
        {
            var caller = await Caller.GetAsync();
            _probe = await DatabaseSetup.TestAsync(caller, Draft.MySql);
            if (_probe.Reachable)
            {
                Draft.Mode = _probe.SuggestedMode;
            }
        });
    }

    private async Task<IReadOnlyList<FieldError>> DatabaseStepAsync()
    {
        var caller = await Caller.GetAsync();
        if (!Draft.UseMySql)
        {
            await DatabaseSetup.KeepEmbeddedAsync(caller);
            return [];
        }

        _probe ??= await DatabaseSetup.TestAsync(caller, Draft.MySql);
        if (!_probe.Reachable)
        {
            return [new FieldError("Host", "Setup.Unreachable", "MySQL did not answer.", _probe.Error ?? "")];
        }

        await DatabaseSetup.PrepareAsync(caller, Draft.MySql, Draft.Mode);
        _databaseFile = DatabaseSetup.SettingsFile.FilePath;
        // The switch applies at the next start; the wizard ends here.
        _restartNeeded = true;
        _wizard.HandOver();
        return [];
    }

    private async Task<IReadOnlyList<FieldError>> PasswordStepAsync()
    {
        var caller = await Caller.GetAsync();
        if (_passwordSet && string.IsNullOrEmpty(_newPassword))
        {
            return []; // set earlier in this visit; coming back through the step does not ask again
        }

        if (!string.Equals(_newPassword, _confirmPassword, StringComparison.Ordinal))
        {
            return [new FieldError("Confirm", "Setup.Confirm.Mismatch", "The two passwords differ.")];
        }

        var me = (await Users.ListAsync(caller)).Single(u => u.UserName == caller.UserName);
        await Users.ResetPasswordAsync(caller, caller.UserName, _newPassword ?? "", me.RowVersion);
        _passwordSet = true;
        _newPassword = _confirmPassword = null;
        return [];
    }

    private async Task<IReadOnlyList<FieldError>> NodeStepAsync()
    {
        var caller = await Caller.GetAsync();
        if (Draft.AddNode)
        {
            await Nodes.AddAsync(caller, Draft.Node);
            Draft.AddNode = false;
            Draft.Node = new NodeInput();
            await LoadNodesAsync(caller);
        }
        else if (_nodeNames.Count == 0)
        {
            Draft.AddNode = true; // open the fields the message points at
            return [new FieldError(nameof(NodeInput.Endpoint), "Setup.Node.Required", "Add the first node: the dashboard needs one Docker engine.")];
        }

        return [];
    }

    private async Task<IReadOnlyList<FieldError>> FinishAsync()
    {
        await FirstRun.MarkCompletedAsync(await Caller.GetAsync());
        return [];
    }
}
