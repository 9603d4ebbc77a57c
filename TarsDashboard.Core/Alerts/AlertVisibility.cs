namespace TarsDashboard.Core.Alerts;

/// <summary>
/// Which history rows a caller may read: everything (admins on <c>*</c>), every service's but no node's (another role on
/// <c>*</c>), or those of the applications and services their grants name.
/// </summary>
internal sealed record AlertVisibility(bool Everything, bool AllServices, IReadOnlyCollection<string> Applications, IReadOnlyCollection<string> Services);
