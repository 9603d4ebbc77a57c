using System.Data.Common;
using Dapper;

namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_adapter_conf</c>.</summary>
internal sealed class AdapterConfRepository(TarsDatabase database)
{
    private const string Columns =
        "id, application, server_name, node_name, adapter_name, thread_num, endpoint, max_connections, allow_ip, servant, " +
        "queuecap, queuetimeout, posttime, lastuser, protocol, handlegroup";

    /// <summary>The INSERT of one row, parameters named as <see cref="AdapterConfRow"/>'s properties.</summary>
    private const string InsertSql =
        "INSERT INTO t_adapter_conf (application, server_name, node_name, adapter_name, thread_num, endpoint, max_connections, " +
            "allow_ip, servant, queuecap, queuetimeout, posttime, lastuser, protocol, handlegroup) VALUES (@Application, @ServerName, " +
            "@NodeName, @AdapterName, @ThreadNum, @Endpoint, @MaxConnections, @AllowIp, @Servant, @Queuecap, @Queuetimeout, @Posttime, " +
            "@Lastuser, @Protocol, @Handlegroup)";

    public Task<IReadOnlyList<AdapterConfRow>> ListForInstanceAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default) =>
        database.QueryAsync<AdapterConfRow>(
            $"SELECT {Columns} FROM t_adapter_conf WHERE application = @application AND server_name = @serverName AND node_name = @nodeName ORDER BY adapter_name",
            new { application, serverName, nodeName }, cancellationToken);

    public Task<AdapterConfRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<AdapterConfRow>($"SELECT {Columns} FROM t_adapter_conf WHERE id = @id", new { id }, cancellationToken);

    /// <summary>Every endpoint on a node with the id of its row, so an edit can leave its own endpoint out of a port check.</summary>
    public Task<IReadOnlyList<AdapterConfRow>> ListOnNodeAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<AdapterConfRow>($"SELECT {Columns} FROM t_adapter_conf WHERE node_name = @nodeName", new { nodeName }, cancellationToken);

    /// <summary>
    /// Saves <paramref name="edited"/> only when the row still holds what <paramref name="original"/> read in every column an
    /// edit changes; false when someone changed (or deleted) it since.
    /// </summary>
    public async Task<bool> UpdateIfUnchangedAsync(AdapterConfRow original, AdapterConfRow edited, CancellationToken cancellationToken = default)
    {
        string[] columns = ["adapter_name", "servant", "endpoint", "thread_num", "max_connections", "queuecap", "queuetimeout", "protocol", "allow_ip"];
        static string Same(string c) => $"({c} = @old_{c} OR ({c} IS NULL AND @old_{c} IS NULL))";
        var parameters = new Dapper.DynamicParameters(new
        {
            edited.AdapterName, edited.Servant, edited.Endpoint, edited.ThreadNum, edited.MaxConnections, edited.Queuecap,
            edited.Queuetimeout, edited.Protocol, edited.AllowIp, edited.Posttime, edited.Lastuser, original.Id,
            original.Application, original.ServerName, original.NodeName,
        });
        parameters.Add("old_adapter_name", original.AdapterName);
        parameters.Add("old_servant", original.Servant);
        parameters.Add("old_endpoint", original.Endpoint);
        parameters.Add("old_thread_num", original.ThreadNum);
        parameters.Add("old_max_connections", original.MaxConnections);
        parameters.Add("old_queuecap", original.Queuecap);
        parameters.Add("old_queuetimeout", original.Queuetimeout);
        parameters.Add("old_protocol", original.Protocol);
        parameters.Add("old_allow_ip", original.AllowIp);
        return await database.ExecuteAsync(
            "UPDATE t_adapter_conf SET adapter_name = @AdapterName, servant = @Servant, endpoint = @Endpoint, thread_num = @ThreadNum, " +
            "max_connections = @MaxConnections, queuecap = @Queuecap, queuetimeout = @Queuetimeout, protocol = @Protocol, allow_ip = @AllowIp, " +
            "posttime = @Posttime, lastuser = @Lastuser WHERE id = @Id AND application = @Application AND server_name = @ServerName " +
            $"AND node_name = @NodeName AND {string.Join(" AND ", columns.Select(Same))}",
            parameters, cancellationToken) == 1;
    }

    /// <summary>Every endpoint of every node, in one query.</summary>
    public Task<IReadOnlyList<(string NodeName, string Endpoint)>> ListEndpointsAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<(string NodeName, string Endpoint)>("SELECT node_name, endpoint FROM t_adapter_conf", null, cancellationToken);

    public Task<IReadOnlyList<string>> ListEndpointsOnNodeAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<string>("SELECT endpoint FROM t_adapter_conf WHERE node_name = @nodeName", new { nodeName }, cancellationToken);

    /// <summary>
    /// Every endpoint of a servant (the framework's own, such as <c>tars.tarsregistry.QueryObj</c>) with the states of
    /// the instance it belongs to; the states are null where t_server_conf has no row for that instance.
    /// </summary>
    public Task<IReadOnlyList<ServantEndpointRow>> ListServantEndpointsAsync(string servant, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ServantEndpointRow>(
            "SELECT a.node_name, a.endpoint, s.setting_state, s.present_state FROM t_adapter_conf a LEFT JOIN t_server_conf s " +
            "ON s.application = a.application AND s.server_name = a.server_name AND s.node_name = a.node_name " +
            "WHERE a.servant = @servant ORDER BY a.node_name, a.id",
            new { servant }, cancellationToken);

    public async Task<int> InsertAsync(AdapterConfRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            InsertSql, row, cancellationToken);
        return row.Id;
    }

    /// <summary>Inserts the row inside <paramref name="transaction"/> (a write that spans tables) and sets its id.</summary>
    public async Task<int> InsertAsync(AdapterConfRow row, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        row.Id = await transaction.Connection!.ExecuteScalarAsync<int>(new CommandDefinition(database.Dialect.SelectInsertedId(InsertSql), row,
            transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        return row.Id;
    }

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_adapter_conf WHERE id = @id", new { id }, cancellationToken);
}
