using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Security;

namespace TarsDashboard.Hubs;

/// <summary>
/// The live event stream for external tools (pages subscribe to the bus in-process instead). Signed in by cookie or
/// API token; each event reaches only callers whose current grants cover its audience.
/// </summary>
[Authorize(AuthenticationSchemes = DashboardAuthentication.CookieOrToken)]
public sealed class LiveHub(LiveEventBus bus, AccessControl access) : Hub
{
    /// <summary>How long a stream trusts the grants it read: a revoked grant stops events within this time.</summary>
    private static readonly TimeSpan GrantRefresh = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public async IAsyncEnumerable<LiveEventDto> StreamEvents([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var caller = Context.User!.ToCaller();
        using var subscription = bus.Open();
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        var readAt = DateTime.UtcNow;
        await foreach (var liveEvent in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (DateTime.UtcNow - readAt > GrantRefresh)
            {
                grants = await access.LoadGrantsAsync(caller, cancellationToken);
                readAt = DateTime.UtcNow;
            }

            var (permission, target) = liveEvent.Audience;
            if (AccessControl.IsAllowed(grants, permission, target))
            {
                yield return ToDto(liveEvent);
            }
        }
    }

    /// <summary>Serializes the concrete event type, so clients see all of its fields, not just the base record's.</summary>
    public static LiveEventDto ToDto(LiveEvent liveEvent) =>
        new(liveEvent.Topic, liveEvent.At, JsonSerializer.SerializeToElement(liveEvent, liveEvent.GetType(), DataOptions));
}
