using System.Text.Json;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Alerts;

/// <summary>Log pattern rules on a real engine: the container's output, read through the shared log stream, fires a webhook.</summary>
[Collection("infra")]
public sealed class LogPatternAlertTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    private static Func<JsonElement, bool> Is(string state) =>
        b => b.TryGetProperty("state", out var s) && s.GetString() == state;

    [Fact]
    public async Task A_container_printing_FATAL_fires_once_and_recovers_after_a_window_without_a_match()
    {
        // A rule's minute lasts 2 s here, so the one-"minute" window passes quickly.
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Alerts:RetryDelaySeconds"] = "0.05",
            ["Alerts:MinuteSeconds"] = "2",
            ["Alerts:EvaluateSeconds"] = "0.5",
            ["Monitoring:RecordHistory"] = "false",
        });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await host.StartAsync();
        await using var receiver = new WebhookReceiver();
        var name = TestContainer.NewServiceName("Fatal");
        var application = name[..name.IndexOf('.')];
        await host.Get<AlertService>().AddRuleAsync(Admin, new AlertRuleInput
        {
            Name = "fatal", Kind = AlertKind.LogPattern, Scope = application, Pattern = "FATAL boom", Threshold = 1, WindowMinutes = 1,
            WebhookUrl = receiver.Url,
        });

        // Started after the rule: the engine's start event makes the rule follow it, from just before the start.
        await using var container = await TestContainer.StartAsync(infra.Node1, name,
            "echo starting; busybox sleep 1; echo 'FATAL boom'; echo 'all fine'; busybox sleep 3600");

        var fired = await receiver.WaitForAsync(Is(AlertState.Fired), TimeSpan.FromSeconds(20));
        Assert.Contains("FATAL boom", fired.GetProperty("message").GetString());
        Assert.Equal($"{name} on node1", fired.GetProperty("target").GetString());
        var recovered = await receiver.WaitForAsync(Is(AlertState.Recovered), TimeSpan.FromSeconds(20));
        Assert.Contains("no line matched", recovered.GetProperty("message").GetString());
        await Task.Delay(500);
        Assert.Equal([AlertState.Fired, AlertState.Recovered], receiver.Bodies.Select(b => b.GetProperty("state").GetString()));

        // One engine stream for the source, shared with a viewer: the rule did not open its own.
        var logs = host.Get<LogStreamManager>();
        Assert.Contains(new ContainerKey("node1", name), host.Get<AlertMonitor>().LogFollowed);
        Assert.True(logs.IsRunning(LogSourceId.ForContainer("node1", name)));
        var streams = logs.ActiveSourceCount;
        await using (await logs.OpenAsync(Admin, LogSourceId.ForContainer("node1", name)))
        {
            Assert.Equal(streams, logs.ActiveSourceCount);
        }
    }
}
