namespace TarsDashboard.Core.Framework;

/// <summary>
/// Whether tarsAdminRegistry answers now (found through the registry's locator or db_tars, then asked its version):
/// what a page checks before offering to retry an action that failed with <see cref="FrameworkUnreachableException"/>.
/// </summary>
/// <param name="AdminRegistry">The object reference that answered (or was tried), e.g. <c>tars.tarsAdminRegistry.AdminRegObj@tcp -h … -p 12000</c>.</param>
/// <param name="Version">tarsAdminRegistry's <c>getVersion</c>, when it answered.</param>
/// <param name="Problem">Why it is unreachable, when it is.</param>
public sealed record FrameworkReachability(bool IsReachable, string? AdminRegistry, string? Version, string? Problem);
