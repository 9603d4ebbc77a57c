using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Creates a user. The dialog checks only that the two passwords match; Core checks the rest, shown by each field.</summary>
public sealed partial class UserDialog
{
    private static readonly string[] Fields = [nameof(UserInput.UserName), nameof(UserInput.Password)];

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly UserInput _input = new();
    private string _confirm = "";
    private bool _checkConfirm;
    private string? _alert;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private UserService Users { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<UserDialog> Logger { get; set; } = default!;

    // Said only after the first save, so the field does not turn red while the user is still typing.
    private bool Mismatch => _checkConfirm && !string.Equals(_input.Password, _confirm, StringComparison.Ordinal);

    private void SetUserName(string? value)
    {
        _input.UserName = value ?? "";
        _errors.Remove(nameof(UserInput.UserName));
    }

    private void SetPassword(string? value)
    {
        _input.Password = value ?? "";
        _errors.Remove(nameof(UserInput.Password));
    }

    private void SetConfirm(string? value) => _confirm = value ?? "";

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SaveAsync()
    {
        _checkConfirm = true;
        if (Mismatch)
        {
            return;
        }

        _busy = true;
        _alert = null;
        _errors.Clear();
        StateHasChanged();
        try
        {
            // Core trims the name; the field keeps what the user typed.
            var input = new UserInput { UserName = _input.UserName, Password = _input.Password };
            await Users.CreateAsync(await Caller.GetAsync(), input);
            Dialog.Close(DialogResult.Ok(input.UserName.Trim()));
        }
        catch (ValidationFailedException refused)
        {
            _alert = FieldErrors.Place(refused, Fields, _errors, L);
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Creating user {User} failed: {Reason}", _input.UserName, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
