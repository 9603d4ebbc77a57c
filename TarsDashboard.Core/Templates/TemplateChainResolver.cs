using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>Walks a template's parent links up to the root so the chain can be merged root first.</summary>
/// <remarks>
/// As in tarsregistry, a template whose parent is empty or itself ends the chain (tars.default names itself). Names compare
/// without case because db_tars's collation does, so "A" naming parent "a" is a loop, not a new template.
/// </remarks>
public static class TemplateChainResolver
{
    /// <param name="templateName">The template to start from (a service's template_name).</param>
    /// <param name="lookup">Finds a template by name; null when there is no such template.</param>
    public static TemplateChainResult Resolve(string templateName, Func<string, TemplateChainLink?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var current = string.IsNullOrWhiteSpace(templateName) ? null : lookup(templateName.Trim());
        if (current is null)
        {
            return TemplateChainResult.Failed(new FieldError("TemplateName", "Template.NotFound",
                $"Template '{templateName}' does not exist.", templateName));
        }

        var leafFirst = new List<TemplateChainLink>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            leafFirst.Add(current);
            seen.Add(current.Name);
            var parentName = current.ParentName?.Trim() ?? "";
            if (parentName.Length == 0 || string.Equals(parentName, current.Name, StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            if (seen.Contains(parentName))
            {
                var loop = string.Join(" -> ", leafFirst.Select(t => t.Name).Append(parentName));
                return TemplateChainResult.Failed(new FieldError("ParentName", "Template.Cycle",
                    $"Templates inherit from each other in a loop: {loop}.", loop));
            }

            var parent = lookup(parentName);
            if (parent is null)
            {
                return TemplateChainResult.Failed(new FieldError("ParentName", "Template.ParentNotFound",
                    $"Template '{current.Name}' inherits from '{parentName}', which does not exist.", current.Name, parentName));
            }

            current = parent;
        }

        leafFirst.Reverse();
        return TemplateChainResult.Resolved(leafFirst);
    }
}
