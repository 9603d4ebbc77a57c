namespace TarsDashboard.Core.Audit;

/// <summary>Filters and a page of the audit log; empty filters match everything.</summary>
public sealed record AuditQuery(
    string? UserName = null,
    string? Action = null,
    string? Target = null,
    string? Result = null,
    DateTime? From = null,
    DateTime? To = null,
    int Page = 0,
    int PageSize = 50);
