using System.Text;

namespace TarsDashboard.Core.Templates;

/// <summary>
/// Writes a <see cref="TarsConfigDocument"/> as Tars config text: two spaces per level, <c>key=value</c> lines (a key with an
/// empty value alone, as TC_Config writes it), entries before child sections, comments above what they describe.
/// </summary>
/// <remarks>Keys and values are written as held, escapes included, because the parser keeps them as written.</remarks>
public static class TarsConfigWriter
{
    public static string Write(TarsConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringBuilder();
        foreach (var section in document.Sections)
        {
            WriteSection(text, section, 0);
        }

        WriteLines(text, document.TrailingComments, 0);
        return text.ToString();
    }

    private static void WriteSection(StringBuilder text, TarsConfigSection section, int level)
    {
        WriteLines(text, section.Comments, level);
        WriteLine(text, level, $"<{section.Name}>");
        foreach (var entry in section.Entries)
        {
            WriteLines(text, entry.Comments, level + 1);
            WriteLine(text, level + 1, entry.Value.Length == 0 ? entry.Key : $"{entry.Key}={entry.Value}");
        }

        foreach (var child in section.Sections)
        {
            WriteSection(text, child, level + 1);
        }

        WriteLines(text, section.TrailingComments, level + 1);
        WriteLine(text, level, $"</{section.Name}>");
    }

    private static void WriteLines(StringBuilder text, IEnumerable<string> lines, int level)
    {
        foreach (var line in lines)
        {
            WriteLine(text, level, line);
        }
    }

    private static void WriteLine(StringBuilder text, int level, string content) =>
        text.Append(' ', level * 2).Append(content).Append('\n');
}
