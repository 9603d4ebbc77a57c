namespace TarsDashboard.Core.Templates;

/// <summary>A template as the list shows it.</summary>
/// <param name="Posttime">When it was last saved (the version an edit is based on; Tars' table has no row version).</param>
/// <param name="ChildCount">Templates naming it as their parent.</param>
/// <param name="ServiceCount">Service instances (<c>t_server_conf</c> rows) using it; a template in use cannot be deleted or renamed.</param>
public sealed record TemplateSummary(string Name, string ParentName, DateTime? Posttime, string? Lastuser, int ChildCount, int ServiceCount);
