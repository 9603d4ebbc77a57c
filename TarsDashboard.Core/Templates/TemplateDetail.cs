namespace TarsDashboard.Core.Templates;

/// <summary>One template with its profile text, as the editor shows it.</summary>
/// <param name="Posttime">Pass it back to <see cref="TemplateService.UpdateAsync"/>: a save based on an older version is refused.</param>
public sealed record TemplateDetail(
    string Name, string ParentName, string Profile, DateTime? Posttime, string? Lastuser, int ChildCount, int ServiceCount)
{
    /// <summary>True for <c>tars.default</c>, the root every template inherits from.</summary>
    public bool IsDefault => string.Equals(Name, DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase);
}
