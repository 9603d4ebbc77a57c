namespace TarsDashboard.Core.Configs;

/// <summary>
/// Keeps a file's line endings through a browser edit: a textarea hands back every line ending as <c>\n</c>, so a file
/// whose lines all end in <c>\r\n</c> would otherwise change on every line when one line is edited. Pure.
/// </summary>
public static class ConfigLineEndings
{
    /// <summary>
    /// <paramref name="edited"/> with its <c>\n</c> turned into <c>\r\n</c> when <paramref name="original"/> ends its lines
    /// with <c>\r\n</c> only and the edit came back without any <c>\r</c>; otherwise the edit as it is (mixed files included).
    /// </summary>
    public static string Keep(string? original, string? edited)
    {
        original ??= "";
        edited ??= "";
        var usesCrlfOnly = original.Contains("\r\n", StringComparison.Ordinal)
                           && !original.Replace("\r\n", "", StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal);
        return usesCrlfOnly && !edited.Contains('\r', StringComparison.Ordinal)
            ? edited.Replace("\n", "\r\n", StringComparison.Ordinal)
            : edited;
    }
}
