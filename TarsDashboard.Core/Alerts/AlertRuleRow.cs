namespace TarsDashboard.Core.Alerts;

/// <summary>A row of <c>tdash_alert_rule</c>; <see cref="WebhookUrl"/> is the protected (<c>enc:v1:</c>) form.</summary>
internal sealed class AlertRuleRow
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Scope { get; set; } = "";
    public int Threshold { get; set; }
    public int WindowMinutes { get; set; }
    public string ChannelKind { get; set; } = "";
    public string WebhookUrl { get; set; } = "";
    public bool Enabled { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string Pattern { get; set; } = "";
    public bool PatternRegex { get; set; }

    public AlertKind AlertKind => Enum.TryParse<AlertKind>(Kind, out var kind) ? kind : AlertKind.ContainerExited;

    public WebhookKind WebhookKind => Enum.TryParse<WebhookKind>(ChannelKind, out var kind) ? kind : WebhookKind.GenericJson;

    public AlertRule ToRule(string webhookDisplay) =>
        new(Id, Name, AlertKind, Scope, Threshold, WindowMinutes, WebhookKind, webhookDisplay, Enabled, UpdatedBy, UpdatedAt, Pattern, PatternRegex);
}
