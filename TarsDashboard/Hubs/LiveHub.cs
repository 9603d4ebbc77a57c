using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Security;

namespace TarsDashboard.Hubs;

/// <summary>
/// The live event stream and log streams for external tools (pages use Core in-process instead). Signed in by
/// cookie or API token; each event and log line reaches only callers whose current grants cover it.
/// </summary>
[Authorize(AuthenticationSchemes = DashboardAuthentication.CookieOrToken)]
public sealed class LiveHub(LiveEventBus bus, AccessControl access, LogStreamManager logs, TimeProvider clock) : Hub
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
        var readAt = clock.GetTimestamp();
        await foreach (var liveEvent in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (clock.GetElapsedTime(readAt) > GrantRefresh)
            {
                grants = await access.LoadGrantsAsync(caller, cancellationToken);
                readAt = clock.GetTimestamp();
            }

            var (permission, target) = liveEvent.Audience;
            if (AccessControl.IsAllowed(grants, permission, target))
            {
                yield return ToDto(liveEvent);
            }
        }
    }

    /// <summary>
    /// Streams a log source (<c>container:NODE:CONTAINER</c>, <c>file:NODE:CONTAINER:/PATH</c>, <c>journal:node:NODE</c>,
    /// <c>journal:service:APP.SERVER</c>): the last <paramref name="tailLines"/> lines, or with
    /// <paramref name="afterSequence"/> &gt; 0 only the lines after that one (resume without duplicates), then live lines
    /// until the client cancels. A client that reads too slowly gets a gap item instead of holding anything up.
    /// </summary>
    public async IAsyncEnumerable<LogLineDto> StreamLogs(string sourceId, long afterSequence, int tailLines,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!LogSourceId.TryParse(sourceId, out var id, out var error))
        {
            throw new HubException(error);
        }

        var caller = Context.User!.ToCaller();
        var follow = new LogFollowOptions
        {
            AfterSequence = afterSequence > 0 ? afterSequence : null,
            TailLines = Math.Max(0, tailLines),
        };
        LogSubscription subscription;
        try
        {
            subscription = await logs.OpenAsync(caller, id, follow, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            throw Denied(caller, id);
        }

        await using (subscription)
        {
            await using var batches = subscription.FollowAsync(cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
            var cursor = subscription.Cursor;
            while (true)
            {
                try
                {
                    if (!await batches.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (AccessDeniedException)
                {
                    throw Denied(caller, id);
                }

                var batch = batches.Current;
                if (batch.Missed > 0)
                {
                    yield return LogLineDto.Gap(id.ToString(), cursor, batch.Missed);
                }

                foreach (var line in batch.Lines)
                {
                    yield return LogLineDto.From(line);
                }

                cursor = batch.LastSequence;
            }
        }
    }

    /// <summary>Serializes the concrete event type, so clients see all of its fields, not just the base record's.</summary>
    public static LiveEventDto ToDto(LiveEvent liveEvent) =>
        new(liveEvent.Topic, liveEvent.At, JsonSerializer.SerializeToElement(liveEvent, liveEvent.GetType(), DataOptions));

    // Only the caller's own name and the source: the message tells them what to ask an admin for.
    private static HubException Denied(Caller caller, LogSourceId id) =>
        new($"{caller.UserName} may not read the logs of {id}: it needs a grant on that service (or admin rights for node-wide sources).");
}
