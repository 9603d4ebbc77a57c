using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Edits one service instance: opens it with what the form needs, previews the merged config and the container,
/// and saves through <see cref="ServiceCatalog"/> (grant check, optimistic concurrency on every editable column, audit).
/// </summary>
public sealed class ServiceEditor
{
    private readonly ServiceCatalog catalog;
    private readonly ProfileTemplateRepository templates;
    private readonly BaseImageRepository images;
    private readonly NodeRepository nodes;
    private readonly AdapterConfRepository adapters;
    private readonly AccessControl access;

    internal ServiceEditor(
        ServiceCatalog catalog,
        ProfileTemplateRepository templates,
        BaseImageRepository images,
        NodeRepository nodes,
        AdapterConfRepository adapters,
        AccessControl access)
    {
        this.catalog = catalog;
        this.templates = templates;
        this.images = images;
        this.nodes = nodes;
        this.adapters = adapters;
        this.access = access;
    }

    /// <summary>The instance and its form data; null when it does not exist; <see cref="AccessDeniedException"/> when the caller may not see it.</summary>
    public async Task<ServiceEditContext?> LoadAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var row = await catalog.GetAsync(caller, id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var mayEdit = await access.IsAllowedAsync(caller, Permission.OperateService, AccessTarget.Service(row.Application, row.ServerName), cancellationToken);
        ServiceEditInput.From(row, out var containerRead);
        return new ServiceEditContext(
            row,
            containerRead?.Errors ?? [],
            await templates.ListAsync(cancellationToken),
            await images.ListAsync(cancellationToken),
            await nodes.GetAsync(row.NodeName, cancellationToken),
            await adapters.ListForInstanceAsync(row.Application, row.ServerName, row.NodeName, cancellationToken),
            mayEdit);
    }

    /// <summary>
    /// Validates <paramref name="input"/> against the templates and images as they are now and saves it over
    /// <paramref name="original"/>. Throws <see cref="ValidationFailedException"/> (nothing saved),
    /// <see cref="ConcurrencyConflictException"/> (someone saved first; nothing overwritten) or <see cref="AccessDeniedException"/>.
    /// </summary>
    public Task<ServerConfRow> SaveAsync(Caller caller, ServerConfRow original, ServiceEditInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(input);
        var submitted = input.Copy();
        return catalog.UpdateAsync(caller, original, async () =>
        {
            var errors = ServiceEditValidator.Validate(original, submitted,
                await templates.ListAsync(cancellationToken), await images.ListAsync(cancellationToken), out var edited);
            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            return edited!;
        }, cancellationToken);
    }

    /// <summary>The merged config and (in container mode) the container the edited settings would give. Pure and quick: call it on every change.</summary>
    public static ServicePreview Preview(ServiceEditContext context, ServiceEditInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var profile = ServiceEditValidator.BuildProfile(context.Row, input, errors);
        var merged = profile is null ? null : Merge(context.Templates, input.TemplateName, profile, errors);
        var inherited = merged is null ? null : Merge(context.Templates, input.TemplateName, "", []);
        var inheritedSettings = inherited is null ? ContainerSettings.Empty : ContainerSettingsReader.Read(inherited).Settings;
        if (merged is null || !RunTypes.IsContainer(input.RunType))
        {
            return new ServicePreview(merged is null ? null : TarsConfigWriter.Write(merged), null, errors) { Inherited = inheritedSettings };
        }

        var image = context.Images.FirstOrDefault(i => i.Id == input.BaseImageId)?.Image;
        ContainerSpec? spec = null;
        try
        {
            var options = new ContainerSpecOptions
            {
                AdapterEndpoints = [.. context.Adapters.Select(a => EndpointText.TryParse(a.Endpoint)).OfType<EndpointText>()],
            };
            spec = ContainerSpecBuilder.Build(context.Row, merged, context.Node, image ?? "", options);
        }
        catch (ValidationFailedException refused)
        {
            errors.AddRange(refused.Errors);
        }

        return new ServicePreview(TarsConfigWriter.Write(merged), spec, errors) { Inherited = inheritedSettings };
    }

    /// <summary>
    /// tars.default ... the template ... the private profile, merged; null (with errors) when the chain is broken or a
    /// template's text does not parse.
    /// </summary>
    public static TarsConfigDocument? Merge(IReadOnlyList<ProfileTemplateRow> templates, string templateName, string privateProfile,
        List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(errors);
        var merged = MergedTemplateService.Merge(templates, templateName ?? "", privateProfile,
            nameof(ServiceEditInput.TemplateName), nameof(ServiceEditInput.PrivateProfile));
        errors.AddRange(merged.Errors);
        return merged.Document;
    }
}
