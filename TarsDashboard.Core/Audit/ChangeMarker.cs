namespace TarsDashboard.Core.Audit;

/// <summary>A change to a service that a chart marks: when, what (the audit action), by whom, and where.</summary>
/// <param name="At">When it was done (UTC).</param>
/// <param name="Action">The audit action: <c>service.publish</c>, <c>service.restart</c>, <c>service.update</c> (settings and config), ...</param>
/// <param name="UserName">Who did it.</param>
/// <param name="Target">The audit target, e.g. <c>App.Server on node1, node2</c>.</param>
public sealed record ChangeMarker(DateTime At, string Action, string UserName, string Target);
