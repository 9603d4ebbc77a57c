using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>One user's grants: remove a grant (after confirming) or add a role on a scope; each change is saved at once.</summary>
public sealed partial class GrantsDialog
{
    private static readonly string[] Fields = ["Role", "Scope"];

    private FormRunner? _form;
    private IReadOnlyList<Grant> _grants = [];
    private Role _role = Role.Developer;
    private string _scope = "";

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public string UserName { get; set; } = "";

    /// <summary>The grants as the list showed them; the dialog keeps them up to date with its own changes.</summary>
    [Parameter]
    public IReadOnlyList<Grant> Grants { get; set; } = [];

    [Inject]
    private UserService Users { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<GrantsDialog> Logger { get; set; } = default!;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override void OnInitialized() => _grants = Grants;

    private void SetRole(Role role)
    {
        _role = role;
        Form.Forget("Role");
    }

    private void SetScope(string? scope)
    {
        _scope = scope ?? "";
        Form.Forget("Scope");
    }

    private async Task AddAsync()
    {
        var grant = new Grant(UserName, _role, _scope.Trim());
        if (await RunAsync(caller => Users.GrantAsync(caller, grant), placeByField: true))
        {
            // Core ignores a grant the user already has.
            if (!_grants.Any(g => g.Role == grant.Role && g.Scope == grant.Scope))
            {
                _grants = [.. _grants, grant];
            }

            _scope = "";
        }
    }

    private async Task RemoveAsync(Grant grant)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["GrantsDialog.RemoveTitle"],
            L["GrantsDialog.RemoveConfirm", L.Describe(grant), UserName],
            yesText: L["Common.Remove"],
            cancelText: L["Common.Cancel"]);
        // Core finds the grant by id, or by role and scope for one added in this dialog (its id is not returned).
        if (confirmed == true && await RunAsync(caller => Users.RevokeAsync(caller, grant), placeByField: false))
        {
            _grants = _grants.Where(g => !(g.Role == grant.Role && g.Scope == grant.Scope)).ToList();
        }
    }

    /// <summary>Runs one change; true when Core accepted it (the callers then update the list shown).</summary>
    private Task<bool> RunAsync(Func<Caller, Task> change, bool placeByField) => Form.RunAsync(async () => await change(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Changing the grants of {User} failed", UserName),
        conflictText: L["Users.Conflict", UserName], placeByField: placeByField);

    private void Close() => Dialog.Close(DialogResult.Ok(true));
}
