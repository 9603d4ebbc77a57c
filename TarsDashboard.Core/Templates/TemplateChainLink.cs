namespace TarsDashboard.Core.Templates;

/// <summary>One template in an inheritance chain: its name, its profile text and the parent it names (t_profile_template).</summary>
public sealed record TemplateChainLink(string Name, string Profile, string? ParentName);
