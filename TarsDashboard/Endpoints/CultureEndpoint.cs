using Microsoft.AspNetCore.Localization;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Endpoints;

/// <summary><c>GET /culture/set</c>: remembers the chosen language in a cookie and goes back to the page.</summary>
public static class CultureEndpoint
{
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/set", (HttpContext context, string? culture, string? redirectUri) =>
        {
            if (!AppCultures.IsSupported(culture))
            {
                return Results.BadRequest("Unsupported culture.");
            }

            var target = string.IsNullOrEmpty(redirectUri) ? "/" : redirectUri;
            if (!LocalUrl.IsLocal(target))
            {
                return Results.BadRequest("redirectUri must be a path on this site.");
            }

            var name = AppCultures.Supported.First(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(name, name)),
                new CookieOptions
                {
                    Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1),
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
            return Results.LocalRedirect(target);
        }).AllowAnonymous();
        return endpoints;
    }
}
