using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Templates;

/// <summary>Finds templates by name (without case, as db_tars does) for chain resolution, optionally with one of them replaced by a draft.</summary>
internal static class TemplateLookup
{
    /// <param name="rows">Every stored template.</param>
    /// <param name="replacedName">The stored template the draft stands in for (its original name on an edit); null when adding.</param>
    /// <param name="draft">The unsaved template; null to look up the stored ones only.</param>
    public static Func<string, TemplateChainLink?> Build(IEnumerable<ProfileTemplateRow> rows, string? replacedName = null, TemplateChainLink? draft = null)
    {
        var byName = new Dictionary<string, TemplateChainLink>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (replacedName is null || !string.Equals(row.TemplateName, replacedName, StringComparison.OrdinalIgnoreCase))
            {
                byName.TryAdd(row.TemplateName, new TemplateChainLink(row.TemplateName, row.Profile, row.ParentsName));
            }
        }

        if (draft is not null)
        {
            byName[draft.Name] = draft;
        }

        return name => byName.GetValueOrDefault(name);
    }

    /// <summary>True when <paramref name="parentName"/> ends a chain for <paramref name="name"/>: empty, or the template itself.</summary>
    public static bool IsRootParent(string name, string? parentName) =>
        string.IsNullOrWhiteSpace(parentName) || string.Equals(parentName.Trim(), name, StringComparison.OrdinalIgnoreCase);
}
