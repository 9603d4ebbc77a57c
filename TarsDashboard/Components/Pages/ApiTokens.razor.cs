using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The signed-in user's own API tokens: create one (its secret is shown once), see when each was used, revoke.</summary>
public sealed partial class ApiTokens
{
    private IReadOnlyList<ApiToken>? _tokens;
    private bool _loadFailed;
    private bool _interactive;
    private Dictionary<string, object> _tableAttributes = [];
    private bool _busy;
    private string _name = "";
    private string? _nameError;
    private string? _alert;

    [Inject]
    private ApiTokenService Tokens { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ApiTokens> Logger { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _tableAttributes = new() { ["aria-label"] = L["Tokens.Title"].Value };
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
        try
        {
            _tokens = await Tokens.ListAsync(await Caller.GetAsync());
            _loadFailed = false;
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Tokens page could not list tokens: {Reason}", exception.Message);
            _loadFailed = true;
        }
    }

    private void SetName(string? value)
    {
        _name = value ?? "";
        _nameError = null;
    }

    private async Task OnNameKeyDownAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter" && !_busy)
        {
            await CreateAsync();
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _alert = null;
        _nameError = null;
        string? secret = null;
        string name = _name;
        try
        {
            (var token, secret) = await Tokens.CreateAsync(await Caller.GetAsync(), name);
            name = token.Name;
            _name = "";
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            var byField = new Dictionary<string, string>(StringComparer.Ordinal);
            _alert = FieldErrors.Place(refused, ["Name"], byField, L);
            _nameError = byField.GetValueOrDefault("Name");
        }
        catch (AccessDeniedException)
        {
            _alert = L["Tokens.NoGrants"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Creating token {Name} failed: {Reason}", name, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }

        if (secret is not null)
        {
            await ShowSecretAsync(name, secret);
        }
    }

    private async Task ShowSecretAsync(string name, string secret)
    {
        StateHasChanged();
        var parameters = new DialogParameters<TokenSecretDialog> { { d => d.TokenName, name }, { d => d.Secret, secret } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false };
        var dialog = await Dialogs.ShowAsync<TokenSecretDialog>(L["TokenSecretDialog.Title", name], parameters, options);
        await dialog.Result;
    }

    private async Task RevokeAsync(ApiToken token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Tokens.RevokeTitle"],
            L["Tokens.RevokeConfirm", token.Name],
            yesText: L["Tokens.Revoke"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        _alert = null;
        try
        {
            await Tokens.RevokeAsync(await Caller.GetAsync(), token.Id);
            Snackbar.Add(L["Tokens.RevokedMessage", token.Name], Severity.Success);
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            _alert = string.Join(" ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Revoking token {Name} failed: {Reason}", token.Name, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }
}
