using System.Globalization;
using Dapper;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Support;

/// <summary>
/// Writes what a real tarsnode and tarsregistry leave in db_tars (a <c>t_node_info</c> row whose heartbeat is stamped
/// by the database's own clock, as tarsregistry's now() does) and reads rows back whole to prove nothing changed.
/// </summary>
public static class TarsnodeTraces
{
    /// <summary>
    /// Registers <paramref name="nodeName"/> as a tarsnode would, its last heartbeat <paramref name="secondsAgo"/> seconds
    /// before the database's now (null: registered, never beat).
    /// </summary>
    public static async Task SetHeartbeatAsync(TarsDatabase database, string nodeName, int? secondsAgo, string presentState = "active")
    {
        var stamp = secondsAgo is not { } ago ? "NULL"
            : database.Dialect.Provider == DatabaseProvider.MySql
                ? string.Create(CultureInfo.InvariantCulture, $"NOW() - INTERVAL {ago} SECOND")
                : string.Create(CultureInfo.InvariantCulture, $"datetime('now', '-{ago} seconds')");
        await database.ExecuteAsync("DELETE FROM t_node_info WHERE node_name = @nodeName", new { nodeName });
        await database.ExecuteAsync(
            "INSERT INTO t_node_info (node_name, node_obj, endpoint_ip, endpoint_port, data_dir, setting_state, present_state, last_reg_time, last_heartbeat) " +
            $"VALUES (@nodeName, @nodeObj, '127.0.0.1', 19385, '/usr/local/app/tars/tarsnode/data', 'active', @presentState, {stamp}, {stamp})",
            new { nodeName, nodeObj = $"tars.tarsnode.NodeObj@tcp -h 127.0.0.1 -p 19385", presentState });
    }

    /// <summary>The raw last_heartbeat column (null when NULL).</summary>
    public static Task<object?> ReadHeartbeatAsync(TarsDatabase database, string nodeName) =>
        database.ExecuteScalarAsync<object?>("SELECT last_heartbeat FROM t_node_info WHERE node_name = @nodeName", new { nodeName });

    /// <summary>Every column of a t_server_conf row (registry_timestamp included) as text, to compare before and after.</summary>
    public static async Task<string> SnapshotServerAsync(TarsDatabase database, int id)
    {
        await using var connection = await database.OpenAsync();
        var row = (IDictionary<string, object?>)await connection.QuerySingleAsync("SELECT * FROM t_server_conf WHERE id = @id", new { id });
        return string.Join("\n", row.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));
    }
}
