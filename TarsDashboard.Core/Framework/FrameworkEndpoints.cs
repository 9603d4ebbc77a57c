using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// What the dashboard knows of the framework: the effective registry locator and where it came from, and the
/// tarsAdminRegistry endpoints db_tars lists (a fallback when the locator cannot be asked).
/// </summary>
/// <param name="Locator"><c>tars.tarsregistry.QueryObj@tcp -h … -p …[:tcp …]</c>, or null when none is known.</param>
/// <param name="AdminRegistry">tarsAdminRegistry's <c>AdminRegObj</c> endpoints of its active instances in t_adapter_conf.</param>
/// <param name="Problem">Why db_tars could not be read, when it could not (nothing is thrown).</param>
public sealed record FrameworkEndpoints(string? Locator, FrameworkLocatorSource Source, IReadOnlyList<TarsEndpoint> AdminRegistry,
    string? Problem = null)
{
    /// <summary><c>tars.tarsAdminRegistry.AdminRegObj@…</c> over <see cref="AdminRegistry"/>, or null when db_tars lists none.</summary>
    public string? AdminRegistryProxy => AdminRegistry.Count == 0 ? null : new TarsObjectRef(FrameworkLocator.AdminRegistryServant, AdminRegistry).ToString();
}
