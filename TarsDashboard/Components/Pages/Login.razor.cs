using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// Sign-in. Renders statically and posts a form, because the auth cookie can only be set on an HTTP response,
/// never from an interactive circuit.
/// </summary>
public sealed partial class Login
{
    private string? _error;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private AccountService Accounts { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Login> Logger { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "login")]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private string CurrentPath => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    protected override void OnInitialized() => Input ??= new LoginInput();

    private async Task SignInAsync()
    {
        var input = Input;
        SignInResult result;
        ClaimsPrincipal? principal = null;
        try
        {
            result = await Accounts.CheckPasswordAsync(input.UserName, input.Password, HttpContext.RequestAborted);
            if (result.Outcome == SignInOutcome.Succeeded)
            {
                // The person just proved who they are: their own grants shape the cookie's role claim.
                var grants = await Access.LoadGrantsAsync(new Caller(result.User!.UserName), HttpContext.RequestAborted);
                principal = CreatePrincipal(result.User, grants);
            }
        }
        catch (Exception exception) when (!HttpContext.RequestAborted.IsCancellationRequested)
        {
            Logger.LogFailure(exception, "Sign-in check failed");
            Fail(L["Login.DatabaseUnavailable"]);
            return;
        }

        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal!);
                Navigation.NavigateTo(LocalUrl.OrDefault(ReturnUrl));
                return;
            case SignInOutcome.LockedOut:
                var until = result.LockedUntil ?? Clock.GetUtcNow().UtcDateTime;
                Fail(L["Login.LockedOut", until.ToString("HH:mm:ss", CultureInfo.CurrentCulture) + " UTC"]);
                return;
            case SignInOutcome.Disabled:
                Fail(L["Login.Disabled"]);
                return;
            default:
                Fail(L["Login.WrongCredentials"]);
                return;
        }
    }

    private void Fail(string message)
    {
        _error = message;
        // Never echo the password back into the page.
        Input.Password = "";
    }

    /// <summary>
    /// The cookie's identity. The role claim only shapes what the UI offers; Core checks grants afresh on every action.
    /// </summary>
    private static ClaimsPrincipal CreatePrincipal(DashboardUser user, IReadOnlyList<Grant> grants)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
        };
        if (grants.Any(g => g.Role == Role.Admin && g.Scope == GrantScope.All))
        {
            claims.Add(new Claim(ClaimTypes.Role, "admin"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
