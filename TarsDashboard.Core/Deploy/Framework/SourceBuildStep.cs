namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>One checklist item: a resource key for its title and the exact command to copy.</summary>
public sealed record SourceBuildStep(string TitleKey, string Command);
