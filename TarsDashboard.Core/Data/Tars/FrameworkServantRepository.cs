namespace TarsDashboard.Core.Data.Tars;

/// <summary>
/// Where db_tars says a framework servant listens: its <c>t_adapter_conf.endpoint</c> rows. The fallback for finding
/// tarsAdminRegistry when the registry's locator cannot be asked or lists nothing.
/// </summary>
public sealed class FrameworkServantRepository(TarsDatabase database)
{
    /// <summary>
    /// The endpoints of every adapter row of <paramref name="servant"/>: instances whose server row is active first
    /// (tarsregistry would only advertise those), then the rest, in row order.
    /// </summary>
    public Task<IReadOnlyList<string>> ListEndpointsAsync(string servant, CancellationToken cancellationToken = default) =>
        database.QueryAsync<string>(
            "SELECT a.endpoint FROM t_adapter_conf a LEFT JOIN t_server_conf s " +
            "ON s.application = a.application AND s.server_name = a.server_name AND s.node_name = a.node_name " +
            "WHERE a.servant = @servant AND a.endpoint IS NOT NULL AND a.endpoint <> '' " +
            "ORDER BY CASE WHEN s.present_state = 'active' THEN 0 ELSE 1 END, a.id",
            new { servant }, cancellationToken);
}
