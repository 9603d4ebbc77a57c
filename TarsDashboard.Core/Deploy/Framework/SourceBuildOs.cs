namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>The build machines the source-compilation checklist has commands for.</summary>
public enum SourceBuildOs
{
    Debian12,
    Ubuntu2204,
    Ubuntu2404,
    Rocky8,
    Rocky9,
}
