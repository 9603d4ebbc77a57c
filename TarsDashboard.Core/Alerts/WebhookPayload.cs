using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TarsDashboard.Core.Alerts;

/// <summary>The JSON body for each kind of webhook; built with a JSON writer, so no text of a user can break out of a string.</summary>
public static class WebhookPayload
{
    public static string Build(WebhookKind kind, AlertNotice notice)
    {
        JsonObject body = kind switch
        {
            WebhookKind.Slack => new JsonObject { ["text"] = notice.Text },
            WebhookKind.DingTalk or WebhookKind.WeCom => new JsonObject
            {
                ["msgtype"] = "text",
                ["text"] = new JsonObject { ["content"] = notice.Text },
            },
            _ => new JsonObject
            {
                ["rule"] = notice.RuleName,
                ["kind"] = notice.Kind.ToString(),
                ["state"] = notice.State,
                ["target"] = notice.Target,
                ["message"] = notice.Text,
                ["at"] = notice.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            },
        };
        return body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
