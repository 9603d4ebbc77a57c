namespace TarsDashboard.Core.Templates;

/// <summary>Finds and rewrites a section by its path of names inside immutable section lists.</summary>
internal static class SectionPath
{
    public static TarsConfigSection? Find(IReadOnlyList<TarsConfigSection> sections, ReadOnlySpan<string> path)
    {
        TarsConfigSection? found = null;
        foreach (var name in path)
        {
            found = sections.FirstOrDefault(s => s.Name == name);
            if (found is null)
            {
                return null;
            }

            sections = found.Sections;
        }

        return found;
    }

    /// <summary>
    /// Replaces the section at <paramref name="path"/> with what <paramref name="update"/> returns (null removes it).
    /// Missing sections on the way are created; sections on the way that end up holding nothing are dropped.
    /// </summary>
    public static IReadOnlyList<TarsConfigSection> Update(
        IReadOnlyList<TarsConfigSection> sections, ReadOnlySpan<string> path, Func<TarsConfigSection?, TarsConfigSection?> update)
    {
        var name = path[0];
        var index = IndexOf(sections, name);
        var current = index >= 0 ? sections[index] : null;

        TarsConfigSection? replacement;
        if (path.Length == 1)
        {
            replacement = update(current);
        }
        else
        {
            var basis = current ?? new TarsConfigSection(name);
            replacement = basis with { Sections = Update(basis.Sections, path[1..], update) };
            if (replacement.IsEmpty)
            {
                replacement = null;
            }
        }

        var result = sections.ToList();
        if (index >= 0 && replacement is null)
        {
            result.RemoveAt(index);
        }
        else if (index >= 0)
        {
            result[index] = replacement!;
        }
        else if (replacement is not null)
        {
            result.Add(replacement);
        }

        return result;
    }

    private static int IndexOf(IReadOnlyList<TarsConfigSection> sections, string name)
    {
        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
