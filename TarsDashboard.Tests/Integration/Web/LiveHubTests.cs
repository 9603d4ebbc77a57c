using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Hubs;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>External clients on /hubs/live with API tokens, against a real engine.</summary>
[Collection("infra")]
public sealed class LiveHubTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task A_token_streams_the_events_its_grants_reach_and_stops_working_when_revoked()
    {
        using var app = new DashboardApp();
        var users = app.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var tokens = app.Get<ApiTokenService>();
        var (_, adminSecret) = await tokens.CreateAsync(Admin, "monitoring");
        var (devToken, devSecret) = await tokens.CreateAsync(new Caller("dev1"), "laptop");

        var bus = app.Get<LiveEventBus>();
        var subscribers = bus.SubscriberCount;
        await using var adminHub = await ConnectAsync(app, adminSecret);
        await using var devHub = await ConnectAsync(app, devSecret);
        var adminEvents = Stream(adminHub);
        var devEvents = Stream(devHub);
        await Eventually.TrueAsync(() => bus.SubscriberCount >= subscribers + 2, "both hub streams subscribed on the bus");

        await app.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });

        Assert.Equal("node.health", (await NextAsync(devEvents, "node.health")).Topic);
        var audit = await NextAsync(adminEvents, "audit.recorded");
        Assert.Contains("node.add", audit.Data.GetRawText());
        // Each subscriber reads in publish order: once a marker published after the audit event reaches the
        // developer, the audit event would have arrived before it.
        bus.Publish(new Marker());
        while (await devEvents.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)) is { Topic: not Marker.TopicName } seen)
        {
            Assert.NotEqual("audit.recorded", seen.Topic); // a developer does not see the audit log
        }

        await tokens.RevokeAsync(new Caller("dev1"), devToken.Id);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(app, devSecret));
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        using var app = new DashboardApp();

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(app, "tdt_wrong"));
    }

    private static async Task<HubConnection> ConnectAsync(DashboardApp app, string secret)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseUrl, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(secret))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static ChannelReader<LiveEventDto> Stream(HubConnection connection)
    {
        var channel = Channel.CreateUnbounded<LiveEventDto>();
        _ = Task.Run(async () =>
        {
            await foreach (var item in connection.StreamAsync<LiveEventDto>("StreamEvents"))
            {
                await channel.Writer.WriteAsync(item);
            }
        });
        return channel.Reader;
    }

    private sealed record Marker() : LiveEvent(TopicName)
    {
        public const string TopicName = "test.marker";
    }

    private static async Task<LiveEventDto> NextAsync(ChannelReader<LiveEventDto> events, string topic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var item = await events.ReadAsync(timeout.Token);
            if (item.Topic == topic)
            {
                return item;
            }
        }
    }
}
