using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TarsDashboard.Core.Live;

namespace TarsDashboard.Hubs;

/// <summary>The live event stream for external tools (the pages subscribe to the bus in-process instead).</summary>
[Authorize]
public sealed class LiveHub(LiveEventBus bus) : Hub
{
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public async IAsyncEnumerable<LiveEventDto> StreamEvents([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var liveEvent in bus.ReadAllAsync(cancellationToken))
        {
            yield return ToDto(liveEvent);
        }
    }

    /// <summary>Serializes the concrete event type, so clients see all of its fields, not just the base record's.</summary>
    public static LiveEventDto ToDto(LiveEvent liveEvent) =>
        new(liveEvent.Topic, liveEvent.At, JsonSerializer.SerializeToElement(liveEvent, liveEvent.GetType(), DataOptions));
}
