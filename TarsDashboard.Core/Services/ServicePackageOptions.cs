namespace TarsDashboard.Core.Services;

/// <summary>Binds the <c>Packages</c> section: limits for uploaded service packages.</summary>
public sealed class ServicePackageOptions
{
    public const string SectionName = "Packages";

    /// <summary>The largest package (.tgz) accepted, in bytes; 200 MB unless configured.</summary>
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;
}
