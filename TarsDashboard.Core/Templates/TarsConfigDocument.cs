namespace TarsDashboard.Core.Templates;

/// <summary>A parsed Tars config text (a template or a private profile): its top-level sections, usually just <c>&lt;tars&gt;</c>.</summary>
public sealed record TarsConfigDocument
{
    public static TarsConfigDocument Empty { get; } = new();

    public IReadOnlyList<TarsConfigSection> Sections { get; init; } = [];

    /// <summary>The <c>#</c> comment lines after the last section.</summary>
    public IReadOnlyList<string> TrailingComments { get; init; } = [];

    /// <summary>The section at <paramref name="path"/> from the top, e.g. <c>("tars", "application", "server")</c>, or null.</summary>
    public TarsConfigSection? FindSection(params ReadOnlySpan<string> path) => SectionPath.Find(Sections, path);

    /// <summary>
    /// Reads a value by its TC_Config path, e.g. <c>/tars/application/server&lt;app&gt;</c>; null when the section or key is missing.
    /// </summary>
    public string? GetValue(string path)
    {
        var open = path.IndexOf('<');
        if (!path.StartsWith('/') || open < 0 || !path.EndsWith('>'))
        {
            throw new ArgumentException($"'{path}' is not a Tars value path like /tars/application/server<app>.", nameof(path));
        }

        var sections = path[1..open].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return FindSection(sections)?.GetValue(path[(open + 1)..^1]);
    }

    public bool Equals(TarsConfigDocument? other) =>
        other is not null && Sections.SequenceEqual(other.Sections) && TrailingComments.SequenceEqual(other.TrailingComments);

    public override int GetHashCode() => Sections.Count;
}
