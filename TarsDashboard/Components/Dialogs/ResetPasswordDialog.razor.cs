using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Sets a new password for a user (and clears a lockout); Core checks the password's length.</summary>
public sealed partial class ResetPasswordDialog
{
    private static readonly string[] Fields = ["Password"];

    private FormRunner? _form;
    private string _password = "";
    private string _confirm = "";
    private bool _checkConfirm;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The user as listed; its row version detects a change made meanwhile by someone else.</summary>
    [Parameter, EditorRequired]
    public UserSummary User { get; set; } = default!;

    [Inject]
    private UserService Users { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ResetPasswordDialog> Logger { get; set; } = default!;

    private bool Mismatch => _checkConfirm && !string.Equals(_password, _confirm, StringComparison.Ordinal);

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    private void SetPassword(string? value)
    {
        _password = value ?? "";
        Form.Forget("Password");
    }

    private void SetConfirm(string? value) => _confirm = value ?? "";

    private async Task SaveAsync()
    {
        _checkConfirm = true;
        if (Mismatch)
        {
            return;
        }

        await Form.RunAsync(async () =>
            {
                await Users.ResetPasswordAsync(await Caller.GetAsync(), User.UserName, _password, User.RowVersion);
                Dialog.Close(DialogResult.Ok(User.UserName));
            }, exception => Logger.LogFailure(exception, "Resetting the password of {User} failed", User.UserName),
            conflictText: L["Users.Conflict", User.UserName]);
    }

    private void Cancel() => Dialog.Cancel();
}
