namespace TarsDashboard.Core.Services;

/// <summary>Binds the <c>Lifecycle</c> section: how service containers are run.</summary>
public sealed class ServiceLifecycleOptions
{
    public const string SectionName = "Lifecycle";

    /// <summary>
    /// Run service containers privileged, as tarsnode does (the default). Engines that may not grant every capability
    /// (rootless, or nested in a restricted sandbox) need false.
    /// </summary>
    public bool Privileged { get; set; } = true;
}
