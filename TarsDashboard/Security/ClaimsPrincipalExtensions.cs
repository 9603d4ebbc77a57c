using System.Security.Claims;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Security;

/// <summary>Maps the authenticated principal (cookie or API token) onto the Core caller.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>Set on principals authenticated by an API token.</summary>
    public const string ApiTokenClaim = "tdash:token";

    public static Caller ToCaller(this ClaimsPrincipal principal)
    {
        var name = principal.Identity?.IsAuthenticated == true ? principal.Identity.Name : null;
        if (string.IsNullOrEmpty(name))
        {
            // An anonymous caller has no grants, so Core refuses everything it asks.
            return new Caller("", CallerKind.User);
        }

        return new Caller(name, principal.HasClaim(c => c.Type == ApiTokenClaim) ? CallerKind.ApiToken : CallerKind.User);
    }
}
