namespace TarsDashboard.Core.Templates;

/// <summary>A section being filled while the parser walks the text; frozen into a <see cref="TarsConfigSection"/> at the end.</summary>
internal sealed class SectionBuilder(string name, int openedOnLine)
{
    public string Name { get; } = name;

    public int OpenedOnLine { get; } = openedOnLine;

    public List<TarsConfigEntry> Entries { get; } = [];

    public List<SectionBuilder> Sections { get; } = [];

    public List<string> Comments { get; } = [];

    public List<string> TrailingComments { get; } = [];

    public TarsConfigSection Build() => new(Name)
    {
        Entries = [.. Entries],
        Sections = [.. Sections.Select(s => s.Build())],
        Comments = [.. Comments],
        TrailingComments = [.. TrailingComments],
    };
}
