namespace TarsDashboard.Core.Configs;

/// <summary>
/// One row of a side-by-side diff: the old line (number and text, or none) beside the new line. Texts are without their
/// line ending; <see cref="OldEnding"/> and <see cref="NewEnding"/> keep it (<c>\r\n</c>, <c>\n</c>, <c>\r</c> or empty
/// for a last line without one), so a change of line ending alone still shows as a change.
/// </summary>
public sealed record ConfigDiffLine(ConfigDiffKind Kind, int? OldNumber, string? OldText, string OldEnding, int? NewNumber, string? NewText,
    string NewEnding)
{
    /// <summary>True for a modified row whose text is the same on both sides: only the line ending changed.</summary>
    public bool EndingOnly => Kind == ConfigDiffKind.Modified && string.Equals(OldText, NewText, StringComparison.Ordinal);
}
