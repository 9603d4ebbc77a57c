namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>What the source-compilation checklist is generated from; no password (the commands read it from a variable).</summary>
public sealed class SourceBuildInput
{
    public SourceBuildOs Os { get; set; } = SourceBuildOs.Debian12;

    /// <summary>A TarsFramework git tag, e.g. <c>v3.1.4</c>.</summary>
    public string Version { get; set; } = "v3.1.4";

    public string MySqlHost { get; set; } = "127.0.0.1";

    public int MySqlPort { get; set; } = 3306;

    public string MySqlUser { get; set; } = "root";
}
