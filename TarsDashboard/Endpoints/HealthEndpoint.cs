using System.Text.Json.Serialization;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Endpoints;

/// <summary>
/// <c>GET /healthz</c> for load balancers and people: 200 while the database answers, 503 when it does not.
/// Node states are reported but do not fail the check: one dead engine does not make the dashboard unhealthy; nor does
/// being a follower (<c>instance.leader</c> false): every instance serves pages.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (DatabaseStatus status, TarsDatabase database, NodeHealthMonitor monitor,
            TarsDashboard.Core.Cluster.LeaderElection leader, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var (ok, error) = await status.PingAsync(cancellationToken);
            var report = new HealthReport(
                ok ? "ok" : "degraded",
                new DatabaseHealth(database.Dialect.Provider.ToString(), ok, error),
                monitor.Current.Values
                    .OrderBy(h => h.NodeName, StringComparer.Ordinal)
                    .Select(h => new NodeHealthReport(h.NodeName, h.State.ToString(), h.EngineVersion, h.Error))
                    .ToList(),
                new InstanceHealth(leader.InstanceId, leader.IsLeader),
                // Only with Redis:Configuration. A Redis outage does not make this instance unhealthy: it still serves,
                // its pages just miss the other instances' events until Redis is back.
                services.GetService<RedisLiveEventRelay>() is { } relay
                    ? new RedisHealth(relay.IsConnected, relay.Sent, relay.Received, relay.Dropped)
                    : null);
            return Results.Json(report, statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        return endpoints;
    }

    public sealed record HealthReport(string Status, DatabaseHealth Database, IReadOnlyList<NodeHealthReport> Nodes, InstanceHealth Instance,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RedisHealth? Redis = null);

    /// <summary>Which instance answered, and whether it leads the background work (several instances behind one balancer).</summary>
    public sealed record InstanceHealth(string Id, bool Leader);

    /// <summary>The live event relay: connected (and subscribed), and events sent, received and not sent (Redis away).</summary>
    public sealed record RedisHealth(bool Connected, long Sent, long Received, long Dropped);

    public sealed record DatabaseHealth(
        string Provider,
        bool Ok,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public sealed record NodeHealthReport(string Name, string State, string? EngineVersion, string? Error);
}
