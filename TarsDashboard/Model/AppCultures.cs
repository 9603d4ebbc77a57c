namespace TarsDashboard.Model;

/// <summary>The languages the dashboard speaks and the URL that switches between them.</summary>
public static class AppCultures
{
    public const string Default = "en";

    public static readonly string[] Supported = [Default, "zh-Hans"];

    public static bool IsSupported(string? culture) =>
        culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);

    /// <summary>The link that stores <paramref name="culture"/> in the culture cookie and comes back to <paramref name="returnPath"/>.</summary>
    public static string SwitchUrl(string culture, string returnPath) =>
        $"/culture/set?culture={Uri.EscapeDataString(culture)}&redirectUri={Uri.EscapeDataString(returnPath)}";
}
