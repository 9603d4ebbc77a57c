using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Templates;

/// <summary>
/// Fills the <c>${name}</c> placeholders of a template (app, server, nodename, localip, basepath, datapath, logpath,
/// locator, enableset, setdivision, asyncthread, modulename, local, ...) as tarsnode does when it writes a service's config.
/// </summary>
public static partial class ProfilePlaceholders
{
    /// <summary>
    /// Replaces each <c>${name}</c> found in <paramref name="values"/> (names are case-sensitive, as in tarsnode). Unknown
    /// placeholders stay as written, and substituted values are not scanned again, so a value holding <c>${x}</c> stays literal.
    /// </summary>
    public static string Replace(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    /// <summary>The distinct placeholder names used in <paramref name="text"/>, in order of first use.</summary>
    public static IReadOnlyList<string> FindNames(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct()];

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.\-]+)\}")]
    private static partial Regex Placeholder();
}
