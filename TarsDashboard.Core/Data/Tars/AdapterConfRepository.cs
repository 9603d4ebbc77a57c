namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_adapter_conf</c>.</summary>
public sealed class AdapterConfRepository(TarsDatabase database)
{
    private const string Columns =
        "id, application, server_name, node_name, adapter_name, thread_num, endpoint, max_connections, allow_ip, servant, " +
        "queuecap, queuetimeout, posttime, lastuser, protocol, handlegroup";

    public Task<IReadOnlyList<AdapterConfRow>> ListForInstanceAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default) =>
        database.QueryAsync<AdapterConfRow>(
            $"SELECT {Columns} FROM t_adapter_conf WHERE application = @application AND server_name = @serverName AND node_name = @nodeName ORDER BY adapter_name",
            new { application, serverName, nodeName }, cancellationToken);

    public Task<IReadOnlyList<string>> ListEndpointsOnNodeAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<string>("SELECT endpoint FROM t_adapter_conf WHERE node_name = @nodeName", new { nodeName }, cancellationToken);

    public async Task<int> InsertAsync(AdapterConfRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO t_adapter_conf (application, server_name, node_name, adapter_name, thread_num, endpoint, max_connections, " +
            "allow_ip, servant, queuecap, queuetimeout, posttime, lastuser, protocol, handlegroup) VALUES (@Application, @ServerName, " +
            "@NodeName, @AdapterName, @ThreadNum, @Endpoint, @MaxConnections, @AllowIp, @Servant, @Queuecap, @Queuetimeout, @Posttime, " +
            "@Lastuser, @Protocol, @Handlegroup)", row, cancellationToken);
        return row.Id;
    }

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_adapter_conf WHERE id = @id", new { id }, cancellationToken);
}
