namespace TarsDashboard.Core.Configs;

/// <summary>A <c>t_config_references</c> row with the file it points at: <paramref name="File"/> is merged before the referring file's own text.</summary>
public sealed record ConfigReference(int Id, int ConfigId, ConfigFileRow File);
