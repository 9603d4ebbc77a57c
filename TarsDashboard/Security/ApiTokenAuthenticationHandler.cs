using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Security;

/// <summary>
/// Signs in external clients by <c>Authorization: Bearer tdt_…</c>, or by <c>access_token</c> in the query string
/// for the hub only (WebSockets cannot send headers from a browser).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? secret = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.StartsWithSegments("/hubs"))
        {
            secret = Request.Query["access_token"];
        }

        if (string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        Caller? caller;
        try
        {
            caller = await tokens.AuthenticateAsync(secret, Context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogWarning(exception, "An API token could not be checked");
            return AuthenticateResult.Fail("The token could not be checked: the database is not reachable.");
        }

        if (caller is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API token.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, caller.UserName), new Claim(ClaimsPrincipalExtensions.ApiTokenClaim, "1")],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
