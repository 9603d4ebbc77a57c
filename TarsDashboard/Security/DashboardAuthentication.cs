namespace TarsDashboard.Security;

/// <summary>The authentication schemes: the browser's cookie and the API token of external clients.</summary>
public static class DashboardAuthentication
{
    public const string ApiTokenScheme = "ApiToken";

    /// <summary>For endpoints that external clients use too (the hub, HTTP APIs).</summary>
    public const string CookieOrToken = "Cookies," + ApiTokenScheme;
}
