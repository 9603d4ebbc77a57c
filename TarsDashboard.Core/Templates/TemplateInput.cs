namespace TarsDashboard.Core.Templates;

/// <summary>What an admin enters to add or edit a template (a <c>t_profile_template</c> row).</summary>
public sealed class TemplateInput
{
    /// <summary>The template's name, e.g. <c>tars.cpp.default</c>; changing it on an edit renames the template.</summary>
    public string Name { get; set; } = "";

    /// <summary>The template it inherits from; only <c>tars.default</c> may leave it empty or name itself.</summary>
    public string ParentName { get; set; } = "";

    /// <summary>The template's own settings in the Tars config format; merged over the parent's.</summary>
    public string Profile { get; set; } = "";

    public static TemplateInput From(TemplateDetail template) => new()
    {
        Name = template.Name,
        ParentName = template.ParentName,
        Profile = template.Profile,
    };
}
