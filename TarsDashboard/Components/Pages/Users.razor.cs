using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The user list for admins: create users, disable or enable them, reset passwords, edit grants; changes by others show live.</summary>
public sealed partial class Users : ListComponent<UserRow>
{
    private bool _interactive;
    private string _me = "";

    private enum UserState
    {
        Active,
        Disabled,
        Locked,
    }

    [Inject]
    private UserService UserService { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        return StartAsync();
    }

    /// <summary>Checks access, then subscribes and loads; also the Retry after the database was not reachable.</summary>
    private async Task StartAsync()
    {
        var allowed = await Load.CheckAccessAsync(async () =>
        {
            var caller = await Caller.GetAsync();
            _me = caller.UserName;
            return await Access.IsAllowedAsync(caller, Permission.ManageUsers, AccessTarget.Global);
        }, exception => Logger.LogFailure(exception, "Users page could not check access"));
        if (!allowed)
        {
            return;
        }

        ReloadOn(liveEvent => liveEvent is AuditRecorded { Result: AuditResult.Ok } recorded && ChangesUsers(recorded.Action));
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

    // One row object per user across reloads: the table keys rows by item, so a click during a live reload is not lost.
    protected override async Task<IReadOnlyList<UserRow>> ListAsync(Caller caller) => UserRow.Merge(Items, await UserService.ListAsync(caller));

    // The caller's admin grant was taken away while the page was open.
    protected override void OnLoadDenied() => Load.Allowed = false;

    private static bool ChangesUsers(string action) =>
        action.StartsWith("user.", StringComparison.Ordinal) || action.StartsWith("grant.", StringComparison.Ordinal);

    private UserState StateOf(UserSummary user) =>
        user.Disabled ? UserState.Disabled
        : user.LockedUntil is { } until && until > Clock.GetUtcNow().UtcDateTime ? UserState.Locked
        : UserState.Active;

    private string StateText(UserSummary user) => StateOf(user) switch
    {
        UserState.Disabled => L["Users.StateDisabled"],
        UserState.Locked => L["Users.StateLocked", UtcTime.Minutes(user.LockedUntil!.Value)],
        _ => L["Users.StateActive"],
    };

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<UserDialog>(L["UserDialog.Title"], DialogOptions);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string created })
        {
            Snackbar.Add(L["Users.Created", created], Severity.Success);
        }
    }

    private async Task SetDisabledAsync(UserRow row, bool disabled)
    {
        var user = row.User;
        if (disabled)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                L["Users.DisableTitle"],
                L["Users.DisableConfirm", user.UserName],
                yesText: L["Users.Disable"],
                cancelText: L["Common.Cancel"]);
            if (confirmed != true)
            {
                return;
            }
        }

        await RunAsync(async caller =>
        {
            await UserService.SetDisabledAsync(caller, user.UserName, disabled, user.RowVersion);
            Snackbar.Add(L[disabled ? "Users.Disabled" : "Users.Enabled", user.UserName], Severity.Success);
        }, user.UserName);
    }

    private async Task ResetPasswordAsync(UserRow row)
    {
        var user = row.User;
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>(L["ResetPasswordDialog.Title", user.UserName], parameters, DialogOptions);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Snackbar.Add(L["Users.PasswordReset", user.UserName], Severity.Success);
        }
    }

    private async Task EditGrantsAsync(UserRow row)
    {
        var user = row.User;
        var parameters = new DialogParameters<GrantsDialog> { { d => d.UserName, user.UserName }, { d => d.Grants, user.Grants } };
        await Dialogs.ShowAsync<GrantsDialog>(L["GrantsDialog.Title", user.UserName], parameters, DialogOptions);
    }

    /// <summary>
    /// Runs a row action with the buttons disabled; Core's refusals become the alert above the table. The list
    /// refreshes from the action's live event, as every other open Users page does.
    /// </summary>
    private Task RunAsync(Func<Caller, Task> action, string userName) => Form.RunAsync(
        async () => await action(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Changing user {User} failed", userName),
        conflictText: L["Users.Conflict", userName]);

}
