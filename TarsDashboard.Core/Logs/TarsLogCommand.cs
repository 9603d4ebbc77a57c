using System.Globalization;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The only commands the dashboard sends to tarsnode's <c>getLogData</c>, which runs them through a shell after
/// replacing <see cref="FilePlaceholder"/> with the log file's path. They are built from fixed text and numbers alone:
/// never a name, a keyword or anything else a user typed (searching happens in our viewer), so nothing can be injected
/// on the node. The private constructor keeps every other string out of <see cref="TarsLogChannel"/>.
/// </summary>
public sealed class TarsLogCommand
{
    /// <summary>What tarsnode replaces with <c>&lt;logpath&gt;/App/Server/FILE</c>; quoted so a log path with spaces still works.</summary>
    public const string FilePlaceholder = "__log_file_name__";

    private const string File = "\"" + FilePlaceholder + "\"";

    private TarsLogCommand(string text) => Text = text;

    public string Text { get; }

    /// <summary>The file's size in bytes: <c>wc -c &lt; "FILE"</c> (coreutils answers from the inode without reading).</summary>
    public static TarsLogCommand Size { get; } = new($"wc -c < {File}");

    /// <summary><paramref name="count"/> bytes from byte <paramref name="offset"/> (0-based): <c>tail -c +N "FILE" | head -c M</c>.</summary>
    public static TarsLogCommand Range(long offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return new($"tail -c +{Number(offset + 1)} {File} | head -c {Number(count)}");
    }

    /// <summary>The last <paramref name="lines"/> lines of the bytes <see cref="Range"/> gives: <c>… | tail -n L</c>.</summary>
    public static TarsLogCommand LastLines(long offset, int count, int lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        return new($"{Range(offset, count).Text} | tail -n {Number(lines)}");
    }

    public override string ToString() => Text;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
