using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Hubs;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using TarsDashboard.Tests.Web;
using Xunit;

namespace TarsDashboard.Tests.Live;

/// <summary>
/// Two instances of the real web app (each on its own Kestrel port) on one database and one real redis-server: a hub
/// client on B hears what happens on A.
/// </summary>
public sealed class RedisHubAcrossInstancesTests : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private static readonly TimeSpan CrossInstanceBudget = TimeSpan.FromSeconds(1);

    private readonly RedisServerInstance _redis = new();
    private readonly string _sharedData = Directory.CreateTempSubdirectory("tdash-shared-").FullName;
    private DashboardApp? _a;
    private DashboardApp? _b;

    private DashboardApp A => _a!;

    private DashboardApp B => _b!;

    public async Task InitializeAsync()
    {
        try
        {
            await _redis.StartAsync();
            var settings = new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = _redis.Configuration,
                ["Database:DataFolder"] = _sharedData,
            };
            _a = new DashboardApp(settings);
            _b = new DashboardApp(settings);
            await Eventually.TrueAsync(() => A.Get<RedisLiveEventRelay>().IsConnected && B.Get<RedisLiveEventRelay>().IsConnected,
                "both instances' relays connected");
        }
        catch
        {
            // xunit does not dispose a test class whose set-up failed: stop redis-server here, or it outlives the run.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            _a?.Dispose();
            _b?.Dispose();
        }
        finally
        {
            await _redis.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sharedData, recursive: true);
        }
    }

    [Fact]
    public async Task A_hub_client_on_B_receives_events_raised_on_A_within_a_second()
    {
        Assert.NotEqual(A.BaseUrl.Port, B.BaseUrl.Port);
        // The token is made on A and works on B: one database.
        var (_, secret) = await A.Get<ApiTokenService>().CreateAsync(Admin, "monitoring");
        var busB = B.Get<LiveEventBus>();
        var subscribers = busB.SubscriberCount;
        await using var hubOnB = await LiveHubClient.ConnectAsync(B.BaseUrl, secret);
        await Eventually.TrueAsync(() => busB.SubscriberCount > subscribers, "the hub stream subscribed on B's bus");

        var stopwatch = Stopwatch.StartNew();
        A.Get<LiveEventBus>().Publish(new ImagesChanged(77, "raised on A"));
        var received = await hubOnB.NextAsync(ImagesChanged.TopicName, CrossInstanceBudget);
        Assert.True(stopwatch.Elapsed < CrossInstanceBudget, $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.Contains("raised on A", received.Data.GetRawText());

        // A real change made through A's Core: creating a user audits it, and B's hub client sees the audit event.
        stopwatch.Restart();
        await A.Get<UserService>().CreateAsync(Admin, new UserInput { UserName = "ops1", Password = "ops-pass-1" });
        var audit = await hubOnB.NextAsync("audit.recorded", CrossInstanceBudget);
        Assert.Contains("ops1", audit.Data.GetRawText());
        Assert.True(stopwatch.Elapsed < CrossInstanceBudget, $"the audit event took {stopwatch.ElapsedMilliseconds} ms");

        using var client = new HttpClient { BaseAddress = A.BaseUrl };
        using var health = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/healthz"));
        var redis = health.RootElement.GetProperty("redis");
        Assert.True(redis.GetProperty("connected").GetBoolean());
        Assert.True(redis.GetProperty("sent").GetInt64() >= 2);
    }

    [Fact]
    public async Task With_Redis_down_a_connected_hub_client_keeps_getting_the_events_of_its_instance()
    {
        var (_, secret) = await A.Get<ApiTokenService>().CreateAsync(Admin, "monitoring");
        var busB = B.Get<LiveEventBus>();
        var subscribers = busB.SubscriberCount;
        await using var hubOnB = await LiveHubClient.ConnectAsync(B.BaseUrl, secret);
        await Eventually.TrueAsync(() => busB.SubscriberCount > subscribers, "the hub stream subscribed on B's bus");

        await _redis.StopAsync();
        await Eventually.TrueAsync(() => !B.Get<RedisLiveEventRelay>().IsConnected, "B noticed that Redis is gone");
        var stopwatch = Stopwatch.StartNew();
        busB.Publish(new ImagesChanged(5, "local on B"));

        Assert.Contains("local on B", (await hubOnB.NextAsync(ImagesChanged.TopicName, CrossInstanceBudget)).Data.GetRawText());
        Assert.True(stopwatch.Elapsed < CrossInstanceBudget, $"took {stopwatch.ElapsedMilliseconds} ms without Redis");
        Assert.Equal(HubConnectionState.Connected, hubOnB.State);

        // /healthz says so, and the instance stays healthy: it still serves.
        using var client = new HttpClient { BaseAddress = B.BaseUrl };
        var health = await client.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.GetProperty("redis").GetProperty("connected").GetBoolean());
    }

    [Fact]
    public void Blazor_circuits_stay_off_the_backplane_and_the_live_hub_is_on_it()
    {
        var circuitHub = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server");
        Assert.NotNull(circuitHub); // renamed in a new ASP.NET Core? Update BlazorCircuitHub.TypeName.
        var circuits = B.Services.GetService(typeof(Microsoft.AspNetCore.SignalR.HubLifetimeManager<>).MakeGenericType(circuitHub));
        var live = B.Services.GetService(typeof(Microsoft.AspNetCore.SignalR.HubLifetimeManager<LiveHub>));

        Assert.Equal(typeof(Microsoft.AspNetCore.SignalR.DefaultHubLifetimeManager<>).MakeGenericType(circuitHub), circuits!.GetType());
        Assert.Equal(typeof(Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<LiveHub>), live!.GetType());
    }
}
