namespace TarsDashboard.Core.Alerts;

/// <summary>What the rule dialog edits. A blank <see cref="WebhookUrl"/> on an existing rule keeps the stored one.</summary>
public sealed class AlertRuleInput
{
    public string Name { get; set; } = "";
    public AlertKind Kind { get; set; } = AlertKind.ContainerExited;
    public string Scope { get; set; } = "";
    public int Threshold { get; set; }
    public int WindowMinutes { get; set; }
    public WebhookKind ChannelKind { get; set; } = WebhookKind.GenericJson;
    public string WebhookUrl { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>For a log pattern rule: the text to look for, or a regular expression when <see cref="PatternIsRegex"/>.</summary>
    public string Pattern { get; set; } = "";

    public bool PatternIsRegex { get; set; }

    public static AlertRuleInput From(AlertRule rule) => new()
    {
        Name = rule.Name,
        Kind = rule.Kind,
        Scope = rule.Scope,
        Threshold = rule.Threshold,
        WindowMinutes = rule.WindowMinutes,
        ChannelKind = rule.ChannelKind,
        Enabled = rule.Enabled,
        Pattern = rule.Pattern,
        PatternIsRegex = rule.PatternIsRegex,
    };
}
