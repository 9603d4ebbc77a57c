using System.Text.Json;
using TarsDashboard.Core.Alerts;
using Xunit;

namespace TarsDashboard.Tests.Alerts;

public sealed class WebhookPayloadTests
{
    private static readonly AlertNotice Notice = new("exit \"watch\"", AlertKind.ContainerExited, AlertState.Fired, "Test.Hello on node1",
        "FIRING exit: Test.Hello on node1 exited with code 3 \"}; rm -rf /", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Slack_gets_the_text_field()
    {
        using var json = JsonDocument.Parse(WebhookPayload.Build(WebhookKind.Slack, Notice));

        Assert.Equal(Notice.Text, json.RootElement.GetProperty("text").GetString());
        Assert.Single(json.RootElement.EnumerateObject());
    }

    [Theory]
    [InlineData(WebhookKind.DingTalk)]
    [InlineData(WebhookKind.WeCom)]
    public void DingTalk_and_WeCom_get_a_text_message(WebhookKind kind)
    {
        using var json = JsonDocument.Parse(WebhookPayload.Build(kind, Notice));

        Assert.Equal("text", json.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(Notice.Text, json.RootElement.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public void Generic_json_carries_every_field_and_quotes_stay_inside_strings()
    {
        using var json = JsonDocument.Parse(WebhookPayload.Build(WebhookKind.GenericJson, Notice));
        var root = json.RootElement;

        Assert.Equal("exit \"watch\"", root.GetProperty("rule").GetString());
        Assert.Equal("ContainerExited", root.GetProperty("kind").GetString());
        Assert.Equal("fired", root.GetProperty("state").GetString());
        Assert.Equal("Test.Hello on node1", root.GetProperty("target").GetString());
        Assert.Equal(Notice.Text, root.GetProperty("message").GetString());
        Assert.Equal("2026-12-01T08:00:00.0000000Z", root.GetProperty("at").GetString());
    }

    [Fact]
    public void Chinese_text_is_sent_as_is()
    {
        var body = WebhookPayload.Build(WebhookKind.WeCom, Notice with { Text = "服务已退出" });

        Assert.Contains("服务已退出", body);
    }
}
