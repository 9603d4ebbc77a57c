namespace TarsDashboard.Core.Audit;

/// <summary>Filled in by an operation while it runs: the state before and after, and a note.</summary>
public sealed class AuditScope
{
    public object? Before { get; set; }
    public object? After { get; set; }
    public string? Detail { get; set; }
}
