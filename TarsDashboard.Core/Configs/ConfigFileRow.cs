namespace TarsDashboard.Core.Configs;

/// <summary>One row of <c>t_config_files</c>.</summary>
public sealed class ConfigFileRow
{
    public int Id { get; set; }
    public string? ServerName { get; set; } = "";
    public string SetName { get; set; } = "";
    public string SetArea { get; set; } = "";
    public string SetGroup { get; set; } = "";
    public string Host { get; set; } = "";
    public string? Filename { get; set; }
    public string? Config { get; set; }
    public DateTime? Posttime { get; set; }
    public string? Lastuser { get; set; }
    public int Level { get; set; } = (int)ConfigLevel.Server;

    /// <summary>Written 0 as the web platform does; nothing in the framework reads it.</summary>
    public int ConfigFlag { get; set; }

    public ConfigScope Scope => ConfigScope.Of(this);
}
