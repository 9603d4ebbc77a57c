namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_profile_template</c> row: a config template and the parent it inherits from.</summary>
public sealed class ProfileTemplateRow
{
    public int Id { get; set; }
    public string TemplateName { get; set; } = "";
    public string ParentsName { get; set; } = "";
    public string Profile { get; set; } = "";
    public DateTime? Posttime { get; set; }
    public string? Lastuser { get; set; }
}
