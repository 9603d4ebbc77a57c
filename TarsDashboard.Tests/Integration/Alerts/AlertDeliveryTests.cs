using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Alerts;

/// <summary>Alert rules against a real engine's events, delivered to a loopback webhook.</summary>
[Collection("infra")]
public sealed class AlertDeliveryTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Alert" + Guid.NewGuid().ToString("N")[..8];
    private CoreHost _host = null!;

    private string ContainerName => $"Test.{_server}";

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Alerts:RetryDelaySeconds"] = "0.1" });
        await _host.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = infra.Node1.Name, Endpoint = infra.Node1.Endpoint,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
    }

    public async Task DisposeAsync()
    {
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        try
        {
            await client.Containers.RemoveContainerAsync(ContainerName, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerContainerNotFoundException)
        {
        }

        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_container_that_exits_3_fires_the_webhook_once_and_a_recovery_follows_its_restart()
    {
        await using var receiver = new WebhookReceiver();
        await _host.StartAsync();
        await _host.Get<EngineEventWatcher>().WhenWatchingAsync(infra.Node1.Name).WaitAsync(TimeSpan.FromSeconds(30));
        var alerts = _host.Get<AlertService>();
        await alerts.AddRuleAsync(Admin, new AlertRuleInput
        {
            Name = "Test exits", Kind = AlertKind.ContainerExited, Scope = "Test", ChannelKind = WebhookKind.GenericJson, WebhookUrl = receiver.Url,
        });
        await alerts.AddRuleAsync(Admin, new AlertRuleInput
        {
            Name = "Shop exits", Kind = AlertKind.ContainerExited, Scope = "Shop", ChannelKind = WebhookKind.Slack, WebhookUrl = receiver.Url,
        });

        // The first run exits 3; the second (after a restart, same file system) keeps running.
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ContainerName,
            Image = InfraFixture.BusyboxImage,
            Cmd = ["sh", "-c", "if [ -f /ran ]; then exec sleep 3600; fi; touch /ran; sleep 1; exit 3"],
            Labels = new Dictionary<string, string> { [ServiceContainerLabels.Application] = "Test", [ServiceContainerLabels.Server] = _server },
        });
        await client.Containers.StartContainerAsync(ContainerName, new ContainerStartParameters());

        var fired = await receiver.WaitForAsync(b => State(b) == AlertState.Fired, TimeSpan.FromSeconds(30));
        Assert.Equal("Test exits", fired.GetProperty("rule").GetString());
        Assert.Contains("exited with code 3", fired.GetProperty("message").GetString());
        Assert.Equal($"Test.{_server} on node1", fired.GetProperty("target").GetString());

        await client.Containers.StartContainerAsync(ContainerName, new ContainerStartParameters());
        var recovered = await receiver.WaitForAsync(b => State(b) == AlertState.Recovered, TimeSpan.FromSeconds(30));
        Assert.Equal("Test exits", recovered.GetProperty("rule").GetString());
        await Task.Delay(TimeSpan.FromSeconds(1)); // any duplicate would have arrived by now
        Assert.Equal([AlertState.Fired, AlertState.Recovered], receiver.Bodies.Select(State));

        await Eventually.TrueAsync(async () => (await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery())).Total == 2, "both deliveries recorded");
        var (history, _) = await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery());
        Assert.Equal([AlertState.Recovered, AlertState.Fired], history.Select(h => h.State));
        Assert.All(history, h => Assert.Equal((AlertDelivery.Ok, 1), (h.Delivery, h.Attempts)));

        // A developer of another application sees neither the rule nor its history; one of Test sees both.
        var users = _host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "shopdev", Password = "shopdev-pass-1" });
        await users.GrantAsync(Admin, new Grant("shopdev", Role.Developer, "Shop"));
        await users.CreateAsync(Admin, new UserInput { UserName = "testdev", Password = "testdev-pass-1" });
        await users.GrantAsync(Admin, new Grant("testdev", Role.Developer, "Test"));
        Assert.Equal(["Shop exits"], (await alerts.ListRulesAsync(new Caller("shopdev"))).Select(r => r.Name));
        Assert.Equal(0, (await alerts.QueryHistoryAsync(new Caller("shopdev"), new AlertHistoryQuery())).Total);
        Assert.Equal(["Test exits"], (await alerts.ListRulesAsync(new Caller("testdev"))).Select(r => r.Name));
        Assert.Equal(2, (await alerts.QueryHistoryAsync(new Caller("testdev"), new AlertHistoryQuery())).Total);
    }

    [Fact]
    public async Task A_webhook_that_fails_is_retried_and_the_failure_recorded()
    {
        await _host.StartAsync();
        var alerts = _host.Get<AlertService>();
        // Nothing listens on port 9 of the loopback: every attempt is refused.
        var delivery = await alerts.SendTestAsync(Admin, new AlertRuleInput
        {
            Name = "dead hook", Scope = "Test", WebhookUrl = "http://127.0.0.1:9/hook",
        });

        Assert.False(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts);
        var entry = Assert.Single((await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery())).Rows);
        Assert.Equal((AlertState.Test, AlertDelivery.Failed, 3), (entry.State, entry.Delivery, entry.Attempts));
    }

    private static string? State(JsonElement body) => body.GetProperty("state").GetString();
}
