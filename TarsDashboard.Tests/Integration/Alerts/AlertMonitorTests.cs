using System.Text.Json;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Alerts;

/// <summary>What the alert monitor makes of each event on the bus, delivered to a loopback webhook (no engine needed).</summary>
public sealed class AlertMonitorTests : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private CoreHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Alerts:RetryDelaySeconds"] = "0.05" });
        await _host.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task AddAsync(WebhookReceiver receiver, AlertKind kind, string scope, WebhookKind channel = WebhookKind.GenericJson) =>
        _host.Get<AlertService>().AddRuleAsync(Admin, new AlertRuleInput
        {
            Name = kind.ToString(), Kind = kind, Scope = scope, ChannelKind = channel, WebhookUrl = receiver.Url, Threshold = 2, WindowMinutes = 5,
        });

    private void Publish(LiveEvent liveEvent) => _host.Get<LiveEventBus>().Publish(liveEvent);

    private static Func<JsonElement, bool> Is(string rule, string state) =>
        b => b.TryGetProperty("rule", out var r) && r.GetString() == rule && b.GetProperty("state").GetString() == state;

    [Fact]
    public async Task Oom_unhealthy_node_and_task_events_fire_and_recover()
    {
        await using var receiver = new WebhookReceiver();
        await AddAsync(receiver, AlertKind.OomKilled, "Test");
        await AddAsync(receiver, AlertKind.Unhealthy, "Test.Hello");
        await AddAsync(receiver, AlertKind.NodeUnreachable, "*");
        await AddAsync(receiver, AlertKind.TaskFailed, "Test");
        await AddAsync(receiver, AlertKind.RestartLoop, "Test");

        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "oom", null, false));
        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "health_status: unhealthy", null, false));
        Publish(new NodeHealthChanged(new NodeHealth("n1", NodeReachability.Unreachable, DateTimeOffset.UtcNow, Error: "connection refused")));
        Publish(new TaskProgress("t1", "i1", 1, "Test", "Hello", "n1", "restart", TaskItemStatus.Failed, ""));
        // Two starts within five minutes: a loop; the start also clears OOM and unhealthy.
        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "start", null, false));
        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "start", null, false));
        Publish(new NodeHealthChanged(new NodeHealth("n1", NodeReachability.Reachable, DateTimeOffset.UtcNow)));
        Publish(new TaskProgress("t2", "i1", 1, "Test", "Hello", "n1", "restart", TaskItemStatus.Success, ""));

        var timeout = TimeSpan.FromSeconds(10);
        foreach (var rule in new[] { "OomKilled", "Unhealthy", "NodeUnreachable", "TaskFailed" })
        {
            await receiver.WaitForAsync(Is(rule, AlertState.Fired), timeout);
            await receiver.WaitForAsync(Is(rule, AlertState.Recovered), timeout);
        }

        var loop = await receiver.WaitForAsync(Is("RestartLoop", AlertState.Fired), timeout);
        Assert.Contains("started 2 times within 5 min", loop.GetProperty("message").GetString());
        var node = await receiver.WaitForAsync(Is("NodeUnreachable", AlertState.Fired), timeout);
        Assert.Equal("node n1", node.GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_stop_on_request_or_exit_0_does_not_fire_and_other_applications_are_not_watched()
    {
        await using var receiver = new WebhookReceiver();
        await AddAsync(receiver, AlertKind.ContainerExited, "Test");

        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "die", "137", StoppedOnRequest: true));
        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "die", "0", false));
        Publish(new ServiceContainerEvent("n1", "Shop", "Cart", "c2", "die", "1", false));
        Publish(new ServiceContainerEvent("n1", "Test", "Other", "c3", "die", "2", false));

        var fired = await receiver.WaitForAsync(Is("ContainerExited", AlertState.Fired), TimeSpan.FromSeconds(10));
        Assert.Contains("Test.Other on n1 exited with code 2", fired.GetProperty("message").GetString());
        await Task.Delay(500);
        Assert.Single(receiver.Bodies);
    }

    [Fact]
    public async Task What_still_fired_before_a_restart_does_not_fire_again_and_gets_its_recovery()
    {
        await using var receiver = new WebhookReceiver();
        await AddAsync(receiver, AlertKind.ContainerExited, "Test");
        var ruleId = Assert.Single(await _host.Get<AlertService>().ListRulesAsync(Admin)).Id;
        // The history as the previous run of the dashboard left it: fired, no recovery yet.
        await _host.Get<AlertHistoryRepository>().InsertAsync(new AlertHistoryEntry
        {
            At = DateTime.UtcNow.AddMinutes(-5), RuleId = ruleId, RuleName = "ContainerExited", Kind = "ContainerExited", State = AlertState.Fired,
            Target = "Test.Hello on n1", TargetKey = AlertTarget.Service("Test", "Hello", "n1").Key, NodeName = "n1",
            Application = "Test", Service = "Test.Hello", Message = "exited with code 3", Delivery = AlertDelivery.Ok, Attempts = 1,
        });

        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "die", "3", false));
        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "start", null, false));

        await receiver.WaitForAsync(Is("ContainerExited", AlertState.Recovered), TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.Equal([AlertState.Recovered], receiver.Bodies.Select(b => b.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_webhook_answering_503_is_retried_and_the_attempts_recorded()
    {
        await using var receiver = new WebhookReceiver(failFirst: 2);
        await AddAsync(receiver, AlertKind.ContainerExited, "Test");

        Publish(new ServiceContainerEvent("n1", "Test", "Hello", "c1", "die", "3", false));

        await receiver.WaitForAsync(Is("ContainerExited", AlertState.Fired), TimeSpan.FromSeconds(10));
        var alerts = _host.Get<AlertService>();
        await Eventually.TrueAsync(async () => (await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery())).Total == 1, "delivery recorded");
        var entry = Assert.Single((await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery())).Rows);
        Assert.Equal((AlertDelivery.Ok, 3, "HTTP 200"), (entry.Delivery, entry.Attempts, entry.DeliveryDetail));
    }
}
