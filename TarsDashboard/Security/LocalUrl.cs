namespace TarsDashboard.Security;

/// <summary>Guards redirects that take a URL from the request, so they cannot send a user to another site.</summary>
public static class LocalUrl
{
    /// <summary>True for "/path?query" on this site; false for absolute, protocol-relative ("//host") and "/\host" URLs.</summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }

        if (url.Length == 1)
        {
            return true;
        }

        if (url[1] is '/' or '\\')
        {
            return false;
        }

        // Control characters (a tab or newline inside the URL) can make browsers read it as another host.
        return !url.Any(char.IsControl);
    }

    /// <summary>The URL when it is local, otherwise <paramref name="fallback"/>.</summary>
    public static string OrDefault(string? url, string fallback = "/") => IsLocal(url) ? url! : fallback;
}
