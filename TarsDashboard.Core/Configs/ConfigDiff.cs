using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace TarsDashboard.Core.Configs;

/// <summary>
/// A side-by-side line diff of two versions of a config file, built with DiffPlex so the page only renders rows.
/// Whitespace and case count (a config key's trailing space is a change), and so do line endings: lines are cut with
/// their endings kept, so <c>a\r\n</c> against <c>a\n</c> is a modified row.
/// </summary>
public sealed record ConfigDiff(IReadOnlyList<ConfigDiffLine> Lines)
{
    public int Inserted => Lines.Count(l => l.Kind == ConfigDiffKind.Inserted);

    public int Deleted => Lines.Count(l => l.Kind == ConfigDiffKind.Deleted);

    public int Modified => Lines.Count(l => l.Kind == ConfigDiffKind.Modified);

    public bool HasChanges => Lines.Any(l => l.Kind != ConfigDiffKind.Unchanged);

    public static ConfigDiff Build(string? oldText, string? newText)
    {
        var model = SideBySideDiffBuilder.Diff(Differ.Instance, oldText ?? "", newText ?? "", ignoreWhiteSpace: false, ignoreCase: false,
            LineEndingsPreservingChunker.Instance, WordChunker.Instance);
        var lines = new List<ConfigDiffLine>(Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count));
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var left = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var right = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            var hasLeft = left is { Type: not ChangeType.Imaginary } && left.Position is not null;
            var hasRight = right is { Type: not ChangeType.Imaginary } && right.Position is not null;
            if (!hasLeft && !hasRight)
            {
                continue;
            }

            var kind = (hasLeft, hasRight) switch
            {
                (true, false) => ConfigDiffKind.Deleted,
                (false, true) => ConfigDiffKind.Inserted,
                _ when left!.Type == ChangeType.Unchanged && right!.Type == ChangeType.Unchanged => ConfigDiffKind.Unchanged,
                _ => ConfigDiffKind.Modified,
            };
            var (oldLine, oldEnding) = hasLeft ? Split(left!.Text) : (null, "");
            var (newLine, newEnding) = hasRight ? Split(right!.Text) : (null, "");
            lines.Add(new ConfigDiffLine(kind, hasLeft ? left!.Position : null, oldLine, oldEnding, hasRight ? right!.Position : null, newLine, newEnding));
        }

        return new ConfigDiff(lines);
    }

    private static (string Text, string Ending) Split(string? line)
    {
        line ??= "";
        var ending = line.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n"
            : line.EndsWith('\n') ? "\n"
            : line.EndsWith('\r') ? "\r"
            : "";
        return (line[..^ending.Length], ending);
    }
}
