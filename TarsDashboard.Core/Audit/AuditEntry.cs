namespace TarsDashboard.Core.Audit;

/// <summary>One audited change or operation (<c>tdash_audit</c>).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string UserName { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
    public string Result { get; set; } = AuditResult.Ok;
    public string? Detail { get; set; }
}
