namespace TarsDashboard.Core.Alerts;

/// <summary>An alert rule as pages see it: the webhook URL only masked (it may hold a token).</summary>
/// <param name="Scope"><c>*</c> (everything, admins only), <c>App</c> or <c>App.Server</c>.</param>
/// <param name="Threshold">Starts for a restart loop, percent for CPU/memory, matches for a log pattern; unused by the other kinds.</param>
/// <param name="WindowMinutes">The restart loop's or log pattern's window, or how long CPU/memory must stay above the threshold.</param>
/// <param name="Pattern">A log pattern rule's text or (with <paramref name="PatternIsRegex"/>) regular expression; empty otherwise.</param>
public sealed record AlertRule(
    int Id,
    string Name,
    AlertKind Kind,
    string Scope,
    int Threshold,
    int WindowMinutes,
    WebhookKind ChannelKind,
    string WebhookDisplay,
    bool Enabled,
    string UpdatedBy,
    DateTime UpdatedAt,
    string Pattern = "",
    bool PatternIsRegex = false);
