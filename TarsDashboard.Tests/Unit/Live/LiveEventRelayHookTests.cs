using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Live;

/// <summary>The bus's seam for several instances: what goes to the relay, what does not, and no relay without Redis.</summary>
public sealed class LiveEventRelayHookTests
{
    [Fact]
    public async Task Published_events_go_to_local_subscribers_and_the_relay_but_events_from_elsewhere_only_to_local_ones()
    {
        var bus = new LiveEventBus(NullLogger<LiveEventBus>.Instance);
        var relay = new RecordingRelay();
        bus.AttachRelay(relay);
        using var subscription = bus.Open();

        bus.Publish(new ImagesChanged(1, "here"));
        bus.DeliverFromElsewhere(new ImagesChanged(2, "elsewhere"));

        Assert.Equal("here", ((ImagesChanged)await subscription.Reader.ReadAsync()).Change);
        Assert.Equal("elsewhere", ((ImagesChanged)await subscription.Reader.ReadAsync()).Change);
        Assert.Equal("here", ((ImagesChanged)Assert.Single(relay.Forwarded)).Change);

        bus.AttachRelay(null);
        bus.Publish(new ImagesChanged(3, "detached"));
        Assert.Single(relay.Forwarded);
    }

    [Fact]
    public async Task Without_Redis_configuration_there_is_no_relay_and_no_Redis_hosted_service()
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        Assert.Null(host.Services.GetService<RedisLiveEventRelay>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is RedisLiveEventRelay);
    }

    [Fact]
    public async Task With_Redis_configuration_the_relay_is_a_hosted_service()
    {
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1" });

        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is RedisLiveEventRelay);
        Assert.False(host.Get<RedisLiveEventRelay>().IsConnected);
    }

    private sealed class RecordingRelay : ILiveEventRelay
    {
        public List<LiveEvent> Forwarded { get; } = [];

        public void Forward(LiveEvent liveEvent) => Forwarded.Add(liveEvent);
    }
}
