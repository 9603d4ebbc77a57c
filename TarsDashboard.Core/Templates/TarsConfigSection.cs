namespace TarsDashboard.Core.Templates;

/// <summary>A <c>&lt;name&gt;</c> ... <c>&lt;/name&gt;</c> block: its entries in text order and its child sections.</summary>
public sealed record TarsConfigSection(string Name)
{
    /// <summary>Entries in text order; a repeated key appears once per line (the last one is what Tars uses).</summary>
    public IReadOnlyList<TarsConfigEntry> Entries { get; init; } = [];

    public IReadOnlyList<TarsConfigSection> Sections { get; init; } = [];

    /// <summary>The <c>#</c> comment lines written just above the opening tag.</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>The <c>#</c> comment lines written just before the closing tag.</summary>
    public IReadOnlyList<string> TrailingComments { get; init; } = [];

    /// <summary>True when the section holds no setting at all (comments do not count).</summary>
    public bool IsEmpty => Entries.Count == 0 && Sections.Count == 0;

    /// <summary>The value Tars would read for <paramref name="key"/>: the last line with that key wins.</summary>
    public string? GetValue(string key) => Entries.LastOrDefault(e => e.Key == key)?.Value;

    /// <summary>The descendant section at <paramref name="path"/> (child names), or null.</summary>
    public TarsConfigSection? FindSection(params ReadOnlySpan<string> path) => SectionPath.Find(Sections, path);

    public bool Equals(TarsConfigSection? other) =>
        other is not null
        && Name == other.Name
        && Entries.SequenceEqual(other.Entries)
        && Sections.SequenceEqual(other.Sections)
        && Comments.SequenceEqual(other.Comments)
        && TrailingComments.SequenceEqual(other.TrailingComments);

    public override int GetHashCode() => HashCode.Combine(Name, Entries.Count, Sections.Count);
}
