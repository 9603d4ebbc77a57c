using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The signed-in user's own API tokens: create one (its secret is shown once), see when each was used, revoke.</summary>
public sealed partial class ApiTokens
{
    private static readonly string[] Fields = ["Name"];

    private readonly PageLoadState _load = new();
    private IReadOnlyList<ApiToken>? _tokens;
    private bool _interactive;
    private FormRunner? _form;
    private string _name = "";

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

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields);

    protected override Task OnInitializedAsync()
    {
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

    private Task LoadAsync() => _load.LoadAsync(
        async () => _tokens = await Tokens.ListAsync(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Tokens page could not list tokens"));

    private void SetName(string? value)
    {
        _name = value ?? "";
        Form.Forget("Name");
    }

    private async Task OnNameKeyDownAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter" && !Form.Busy)
        {
            await CreateAsync();
        }
    }

    private async Task CreateAsync()
    {
        string? secret = null;
        var name = _name;
        await Form.RunAsync(async () =>
            {
                (var token, secret) = await Tokens.CreateAsync(await Caller.GetAsync(), name);
                name = token.Name;
                _name = "";
                await LoadAsync();
            }, exception => Logger.LogFailure(exception, "Creating token {Name} failed", name),
            deniedText: L["Tokens.NoGrants"]);

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

        // A refusal to revoke is about the token, not the name typed for a new one: it goes to the alert.
        await Form.RunAsync(async () =>
            {
                await Tokens.RevokeAsync(await Caller.GetAsync(), token.Id);
                Snackbar.Add(L["Tokens.RevokedMessage", token.Name], Severity.Success);
                await LoadAsync();
            }, exception => Logger.LogFailure(exception, "Revoking token {Name} failed", token.Name),
            placeByField: false, keepFieldErrors: true);
    }
}
