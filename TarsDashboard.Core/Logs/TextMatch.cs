namespace TarsDashboard.Core.Logs;

/// <summary>A matched range in a line's text, for highlighting.</summary>
public readonly record struct TextMatch(int Start, int Length)
{
    public int End => Start + Length;
}
