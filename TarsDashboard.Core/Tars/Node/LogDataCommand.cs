using System.Globalization;

namespace TarsDashboard.Core.Tars.Node;

/// <summary>
/// The only <c>cmd</c> forms the dashboard sends to <c>getLogData</c>. tarsnode runs the text through a shell after
/// replacing <see cref="FilePlaceholder"/> with the log file's path, so it is built from fixed parts and a bounded
/// number only, never from user text (the Tars web platform passes its search keyword there unescaped).
/// </summary>
public static class LogDataCommand
{
    /// <summary>tarsnode replaces this with <c>&lt;LogPath&gt;/&lt;App&gt;/&lt;Server&gt;/&lt;file&gt;</c>.</summary>
    public const string FilePlaceholder = "__log_file_name__";

    /// <summary>The most lines one call asks for (the web platform's own limit).</summary>
    public const int MaxLines = 50000;

    /// <summary><c>tail -n N __log_file_name__</c>: the last lines.</summary>
    public static string Tail(int lines) => Build("tail", lines);

    /// <summary><c>head -n N __log_file_name__</c>: the first lines.</summary>
    public static string Head(int lines) => Build("head", lines);

    private static string Build(string tool, int lines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lines, MaxLines);
        return string.Create(CultureInfo.InvariantCulture, $"{tool} -n {lines} {FilePlaceholder}");
    }
}
