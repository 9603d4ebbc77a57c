using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_node_info</c>.</summary>
internal sealed class NodeInfoRepository(TarsDatabase database)
{
    private const string Columns =
        "id, node_name, node_obj, endpoint_ip, endpoint_port, data_dir, setting_state, present_state, tars_version, template_name, last_heartbeat, label";

    public Task<IReadOnlyList<NodeInfoRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<NodeInfoRow>($"SELECT {Columns} FROM t_node_info ORDER BY node_name", null, cancellationToken);

    public Task<NodeInfoRow?> GetAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<NodeInfoRow>($"SELECT {Columns} FROM t_node_info WHERE node_name = @nodeName",
            new { nodeName }, cancellationToken);

    /// <summary>True when some node row has ever had a heartbeat: a real tarsnode, so a Tars framework, works on this database.</summary>
    public async Task<bool> AnyHeartbeatAsync(CancellationToken cancellationToken = default) =>
        await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t_node_info WHERE last_heartbeat IS NOT NULL", null, cancellationToken) > 0;

    /// <summary>Adds the row a tarsnode would register, unless Tars already has one for that name.</summary>
    public async Task EnsureAsync(string nodeName, string endpointIp, string label, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(nodeName, cancellationToken) is not null)
        {
            return;
        }

        await database.ExecuteAsync(
            "INSERT INTO t_node_info (node_name, node_obj, endpoint_ip, endpoint_port, data_dir, setting_state, present_state, label) " +
            "VALUES (@nodeName, @nodeObj, @endpointIp, 0, '', 'active', 'inactive', @label)",
            new { nodeName, nodeObj = $"tars.tarsnode.NodeObj@tcp -h {endpointIp} -p 19385", endpointIp, label }, cancellationToken);
    }

    /// <summary>The node's tarsnode heartbeat, aged by the database's clock; null when t_node_info has no row for it.</summary>
    public async Task<NodeHeartbeat?> GetHeartbeatAsync(string nodeName, int freshSeconds, CancellationToken cancellationToken = default)
    {
        var row = await database.QuerySingleOrDefaultAsync<HeartbeatRow>(
            $"SELECT node_name, last_heartbeat, present_state, {database.Dialect.SecondsSince("last_heartbeat")} AS age_seconds " +
            "FROM t_node_info WHERE node_name = @nodeName", new { nodeName }, cancellationToken);
        return row?.ToHeartbeat(freshSeconds);
    }

    /// <summary>Every node's tarsnode heartbeat, aged by the database's clock.</summary>
    public async Task<IReadOnlyList<NodeHeartbeat>> ListHeartbeatsAsync(int freshSeconds, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<HeartbeatRow>(
            $"SELECT node_name, last_heartbeat, present_state, {database.Dialect.SecondsSince("last_heartbeat")} AS age_seconds " +
            "FROM t_node_info ORDER BY node_name", null, cancellationToken);
        return [.. rows.Select(r => r.ToHeartbeat(freshSeconds))];
    }

    /// <summary>The tarsnode heartbeats of <paramref name="nodeNames"/> that t_node_info has, in one query.</summary>
    public async Task<IReadOnlyList<NodeHeartbeat>> ListHeartbeatsAsync(IReadOnlyCollection<string> nodeNames, int freshSeconds,
        CancellationToken cancellationToken = default)
    {
        if (nodeNames.Count == 0)
        {
            return [];
        }

        var rows = await database.QueryAsync<HeartbeatRow>(
            $"SELECT node_name, last_heartbeat, present_state, {database.Dialect.SecondsSince("last_heartbeat")} AS age_seconds " +
            "FROM t_node_info WHERE node_name IN @nodeNames ORDER BY node_name", new { nodeNames }, cancellationToken);
        return [.. rows.Select(r => r.ToHeartbeat(freshSeconds))];
    }

    /// <summary>
    /// Sets a stale <c>last_heartbeat</c> to NULL (a value, never the schema), so tarsregistry's node check stops
    /// resetting the node's services; a heartbeat that turned fresh meanwhile is left. True when one was cleared.
    /// </summary>
    public async Task<bool> ClearStaleHeartbeatAsync(string nodeName, int freshSeconds, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE t_node_info SET last_heartbeat = NULL WHERE node_name = @nodeName AND last_heartbeat IS NOT NULL " +
            $"AND {database.Dialect.SecondsSince("last_heartbeat")} >= @freshSeconds",
            new { nodeName, freshSeconds }, cancellationToken) > 0;

    public Task<int> DeleteAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_node_info WHERE node_name = @nodeName", new { nodeName }, cancellationToken);
}
