namespace TarsDashboard.Core.Alerts;

/// <summary>The body a webhook expects.</summary>
public enum WebhookKind
{
    /// <summary>Our own JSON: rule, kind, state, target, message, time.</summary>
    GenericJson,

    /// <summary><c>{"text":…}</c>, as Slack's incoming webhooks (and Mattermost, Rocket.Chat) take it.</summary>
    Slack,

    /// <summary><c>{"msgtype":"text","text":{"content":…}}</c> for a DingTalk robot.</summary>
    DingTalk,

    /// <summary><c>{"msgtype":"text","text":{"content":…}}</c> for a WeCom (WeChat Work) group robot.</summary>
    WeCom,
}
