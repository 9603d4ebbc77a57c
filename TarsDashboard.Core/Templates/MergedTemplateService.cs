using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>
/// The effective config a template gives: its chain merged root first (<c>tars.default</c> ... the template), then an optional
/// private profile on top, as tarsnode builds a service's config. Everyone signed in may read it.
/// </summary>
public sealed class MergedTemplateService
{
    private readonly ProfileTemplateRepository templates;
    private readonly AccessControl access;

    internal MergedTemplateService(
        ProfileTemplateRepository templates,
        AccessControl access)
    {
        this.templates = templates;
        this.access = access;
    }

    /// <param name="templateName">A stored template (a service's template_name).</param>
    /// <param name="privateProfile">A service's private profile (<c>t_server_conf.profile</c>) merged last; null or empty for none.</param>
    public async Task<MergedTemplate> GetMergedAsync(Caller caller, string templateName, string? privateProfile = null,
        CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var rows = await templates.ListAsync(cancellationToken);
        return Merge(rows, templateName, privateProfile);
    }

    /// <summary>
    /// The merge itself, without I/O, for callers that already hold the template rows (the service editor's live preview).
    /// Errors name <paramref name="templateField"/> for a broken chain or template, <paramref name="profileField"/> for the profile.
    /// </summary>
    public static MergedTemplate Merge(IEnumerable<ProfileTemplateRow> rows, string templateName, string? privateProfile,
        string templateField = "TemplateName", string profileField = "PrivateProfile") =>
        Merge(TemplateChainResolver.Resolve(templateName, TemplateLookup.Build(rows)), privateProfile, templateField, profileField);

    /// <summary>
    /// The effective config of an unsaved template, as the editor shows it: <paramref name="draft"/> in place of the stored
    /// <paramref name="originalName"/> (null when adding), under its stored parents.
    /// </summary>
    public async Task<MergedTemplate> PreviewAsync(Caller caller, TemplateInput draft, string? originalName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            // A template being added may have no name yet; its merge does not depend on one.
            name = originalName ?? "(new)";
        }

        var rows = await templates.ListAsync(cancellationToken);
        var link = new TemplateChainLink(name, draft.Profile ?? "", draft.ParentName?.Trim() ?? "");
        return Merge(TemplateChainResolver.Resolve(name, TemplateLookup.Build(rows, originalName, link)), null);
    }

    private static MergedTemplate Merge(TemplateChainResult chain, string? privateProfile,
        string templateField = "TemplateName", string profileField = "PrivateProfile")
    {
        var names = chain.Chain.Select(t => t.Name).ToList();
        if (!chain.Succeeded)
        {
            return MergedTemplate.Failed(names, [chain.Error with { Field = templateField }]);
        }

        var errors = new List<FieldError>();
        var documents = new List<TarsConfigDocument>();
        foreach (var link in chain.Chain)
        {
            var parsed = TarsConfigParser.Parse(link.Profile ?? "");
            if (parsed.Succeeded)
            {
                documents.Add(parsed.Document);
            }
            else
            {
                var first = parsed.Errors[0];
                errors.Add(new FieldError(templateField, "Template.Merge.Unreadable",
                    $"Template '{link.Name}' cannot be read: line {first.Line}: {first.Message}", link.Name, first.Line, first.Message));
            }
        }

        if (!string.IsNullOrEmpty(privateProfile))
        {
            var parsed = TarsConfigParser.Parse(privateProfile);
            if (parsed.Succeeded)
            {
                documents.Add(parsed.Document);
            }
            else
            {
                errors.AddRange(parsed.Errors.ToFieldErrors(profileField));
            }
        }

        return errors.Count > 0
            ? MergedTemplate.Failed(names, errors)
            : MergedTemplate.Merged(TarsConfigMerger.MergeChain(documents), names);
    }
}
