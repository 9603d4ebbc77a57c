namespace TarsDashboard.Core.Alerts;

/// <summary>A row of <c>tdash_alert_history</c>: a firing, a recovery or a test, and how its delivery ended.</summary>
public sealed class AlertHistoryEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public int RuleId { get; set; }
    public string RuleName { get; set; } = "";
    public string Kind { get; set; } = "";

    /// <summary><see cref="AlertState"/>: fired, recovered or test.</summary>
    public string State { get; set; } = "";
    public string Target { get; set; } = "";

    /// <summary>The de-duplication key (<see cref="AlertTarget.Key"/>), so a restart knows what still fires.</summary>
    public string TargetKey { get; set; } = "";
    public string NodeName { get; set; } = "";

    /// <summary>The target's application; empty for node alerts (seen by admins only).</summary>
    public string Application { get; set; } = "";

    /// <summary><c>App.Server</c>; empty for node alerts.</summary>
    public string Service { get; set; } = "";
    public string? Message { get; set; }

    /// <summary><see cref="AlertDelivery.Ok"/> or <see cref="AlertDelivery.Failed"/>.</summary>
    public string Delivery { get; set; } = "";
    public string DeliveryDetail { get; set; } = "";
    public int Attempts { get; set; }
}
