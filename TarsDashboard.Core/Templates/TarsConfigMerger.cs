namespace TarsDashboard.Core.Templates;

/// <summary>
/// Merges Tars config documents the way a template inherits from its parent: the child overrides the parent key by key and
/// section by section; what only the parent has stays, what only the child has is added after the parent's items.
/// </summary>
/// <remarks>
/// The result is the effective config a service sees, so each section holds one entry per key (the last value wins, as in
/// Tars). A merged item keeps the child's comments when it has some, else the parent's.
/// </remarks>
public static class TarsConfigMerger
{
    public static TarsConfigDocument Merge(TarsConfigDocument parent, TarsConfigDocument child)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        return new TarsConfigDocument
        {
            Sections = MergeSections(parent.Sections, child.Sections),
            TrailingComments = Prefer(child.TrailingComments, parent.TrailingComments),
        };
    }

    /// <summary>Merges a template chain given root first: tars.default, ..., the service's template, its private profile.</summary>
    public static TarsConfigDocument MergeChain(IEnumerable<TarsConfigDocument> rootFirst) =>
        rootFirst.Aggregate(TarsConfigDocument.Empty, Merge);

    private static IReadOnlyList<TarsConfigSection> MergeSections(
        IReadOnlyList<TarsConfigSection> parent, IReadOnlyList<TarsConfigSection> child)
    {
        var merged = parent
            .Select(p => child.FirstOrDefault(c => c.Name == p.Name) is { } c ? MergeSection(p, c) : p)
            .ToList();
        merged.AddRange(child.Where(c => parent.All(p => p.Name != c.Name)));
        return merged;
    }

    private static TarsConfigSection MergeSection(TarsConfigSection parent, TarsConfigSection child) => parent with
    {
        Entries = MergeEntries(parent.Entries, child.Entries),
        Sections = MergeSections(parent.Sections, child.Sections),
        Comments = Prefer(child.Comments, parent.Comments),
        TrailingComments = Prefer(child.TrailingComments, parent.TrailingComments),
    };

    private static IReadOnlyList<TarsConfigEntry> MergeEntries(
        IReadOnlyList<TarsConfigEntry> parent, IReadOnlyList<TarsConfigEntry> child)
    {
        var parentByKey = LastByKey(parent);
        var childByKey = LastByKey(child);
        var merged = new List<TarsConfigEntry>();
        foreach (var key in parent.Select(e => e.Key).Distinct())
        {
            var inherited = parentByKey[key];
            merged.Add(childByKey.TryGetValue(key, out var own)
                ? own with { Comments = Prefer(own.Comments, inherited.Comments) }
                : inherited);
        }

        merged.AddRange(child.Select(e => e.Key).Distinct().Where(k => !parentByKey.ContainsKey(k)).Select(k => childByKey[k]));
        return merged;
    }

    private static Dictionary<string, TarsConfigEntry> LastByKey(IReadOnlyList<TarsConfigEntry> entries)
    {
        var byKey = new Dictionary<string, TarsConfigEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byKey[entry.Key] = entry;
        }

        return byKey;
    }

    private static IReadOnlyList<string> Prefer(IReadOnlyList<string> own, IReadOnlyList<string> inherited) =>
        own.Count > 0 ? own : inherited;
}
