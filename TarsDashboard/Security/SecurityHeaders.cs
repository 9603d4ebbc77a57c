namespace TarsDashboard.Security;

/// <summary>Headers every response carries, including a Content-Security-Policy that Blazor Server and MudBlazor run under.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own origin (Blazor Server needs no eval and, without an import map, no inline script);
    /// MudBlazor sets inline styles, so styles allow them; the circuit needs WebSockets back to us.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next(context);
        });
}
