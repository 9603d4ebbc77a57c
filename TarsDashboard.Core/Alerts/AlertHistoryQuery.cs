namespace TarsDashboard.Core.Alerts;

/// <summary>Filters and a page of the alert history; empty filters match everything.</summary>
/// <param name="Text">Contained in the rule name, the target or the message.</param>
/// <param name="State"><see cref="AlertState"/> value, or null for all.</param>
public sealed record AlertHistoryQuery(int? RuleId = null, string? State = null, string? Text = null, int Page = 0, int PageSize = 50);
