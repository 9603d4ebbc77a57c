using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Sets a new password for a user (and clears a lockout); Core checks the password's length.</summary>
public sealed partial class ResetPasswordDialog
{
    private string _password = "";
    private string _confirm = "";
    private bool _checkConfirm;
    private string? _passwordError;
    private string? _alert;
    private bool _busy;

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

    private void SetPassword(string? value)
    {
        _password = value ?? "";
        _passwordError = null;
    }

    private void SetConfirm(string? value) => _confirm = value ?? "";

    private async Task SaveAsync()
    {
        _checkConfirm = true;
        if (Mismatch)
        {
            return;
        }

        _busy = true;
        _alert = null;
        _passwordError = null;
        StateHasChanged();
        try
        {
            await Users.ResetPasswordAsync(await Caller.GetAsync(), User.UserName, _password, User.RowVersion);
            Dialog.Close(DialogResult.Ok(User.UserName));
        }
        catch (ValidationFailedException refused)
        {
            var byField = new Dictionary<string, string>(StringComparer.Ordinal);
            _alert = FieldErrors.Place(refused, ["Password"], byField, L);
            _passwordError = byField.GetValueOrDefault("Password");
        }
        catch (ConcurrencyConflictException)
        {
            _alert = L["Users.Conflict", User.UserName];
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Resetting the password of {User} failed: {Reason}", User.UserName, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
