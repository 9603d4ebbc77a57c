using System.Text.Json.Serialization;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Endpoints;

/// <summary>
/// <c>GET /healthz</c> for load balancers and people: 200 while the database answers, 503 when it does not.
/// Node states are reported but do not fail the check: one dead engine does not make the dashboard unhealthy.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (DatabaseStatus status, TarsDatabase database, NodeHealthMonitor monitor, CancellationToken cancellationToken) =>
        {
            var (ok, error) = await status.PingAsync(cancellationToken);
            var report = new HealthReport(
                ok ? "ok" : "degraded",
                new DatabaseHealth(database.Dialect.Provider.ToString(), ok, error),
                monitor.Current.Values
                    .OrderBy(h => h.NodeName, StringComparer.Ordinal)
                    .Select(h => new NodeHealthReport(h.NodeName, h.State.ToString(), h.EngineVersion, h.Error))
                    .ToList());
            return Results.Json(report, statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        return endpoints;
    }

    public sealed record HealthReport(string Status, DatabaseHealth Database, IReadOnlyList<NodeHealthReport> Nodes);

    public sealed record DatabaseHealth(
        string Provider,
        bool Ok,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public sealed record NodeHealthReport(string Name, string State, string? EngineVersion, string? Error);
}
