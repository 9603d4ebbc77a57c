namespace TarsDashboard.Core.Templates;

/// <summary>One <c>key=value</c> line of a Tars config section; a bare line is a key with an empty value, as TC_Config reads it.</summary>
public sealed record TarsConfigEntry(string Key, string Value)
{
    /// <summary>The <c>#</c> comment lines written just above this entry, kept so an edited profile keeps its notes.</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    public bool Equals(TarsConfigEntry? other) =>
        other is not null && Key == other.Key && Value == other.Value && Comments.SequenceEqual(other.Comments);

    public override int GetHashCode() => HashCode.Combine(Key, Value);
}
