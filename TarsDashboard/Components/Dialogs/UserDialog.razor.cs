using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Creates a user. The dialog checks only that the two passwords match; Core checks the rest, shown by each field.</summary>
public sealed partial class UserDialog
{
    private static readonly string[] Fields = [nameof(UserInput.UserName), nameof(UserInput.Password)];

    private readonly UserInput _input = new();
    private FormRunner? _form;
    private string _confirm = "";
    private bool _checkConfirm;

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

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    private void SetUserName(string? value)
    {
        _input.UserName = value ?? "";
        Form.Forget(nameof(UserInput.UserName));
    }

    private void SetPassword(string? value)
    {
        _input.Password = value ?? "";
        Form.Forget(nameof(UserInput.Password));
    }

    private void SetConfirm(string? value) => _confirm = value ?? "";

    private async Task SaveAsync()
    {
        _checkConfirm = true;
        if (Mismatch)
        {
            return;
        }

        // Core trims the name; the field keeps what the user typed.
        var input = new UserInput { UserName = _input.UserName, Password = _input.Password };
        await Form.RunAsync(async () =>
        {
            await Users.CreateAsync(await Caller.GetAsync(), input);
            Dialog.Close(DialogResult.Ok(input.UserName.Trim()));
        }, exception => Logger.LogFailure(exception, "Creating user {User} failed", _input.UserName));
    }

    private void Cancel() => Dialog.Cancel();
}
