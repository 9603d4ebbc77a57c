using System.Data.Common;
using Dapper;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_server_conf</c>; only the columns the dashboard knows, so others keep their values.</summary>
internal sealed class ServerConfRepository(TarsDatabase database, TimeProvider clock)
{
    private const string Columns =
        "id, application, server_name, node_group, node_name, base_path, exe_path, template_name, bak_flag, setting_state, " +
        "present_state, process_id, patch_version, patch_time, patch_user, tars_version, posttime, lastuser, server_type, " +
        "start_script_path, stop_script_path, monitor_script_path, enable_group, enable_set, set_name, set_area, set_group, " +
        "ip_group_name, profile, config_center_port, async_thread_num, server_important_type, flow_state, run_type, base_image_id";

    /// <summary>The INSERT of one row with every column the dashboard knows, parameters named as <see cref="ServerConfRow"/>'s properties.</summary>
    private const string InsertSql =
        "INSERT INTO t_server_conf (application, server_name, node_group, node_name, base_path, exe_path, template_name, bak_flag, " +
            "setting_state, present_state, process_id, patch_version, patch_time, patch_user, tars_version, posttime, lastuser, " +
            "server_type, start_script_path, stop_script_path, monitor_script_path, enable_group, enable_set, set_name, set_area, " +
            "set_group, ip_group_name, profile, config_center_port, async_thread_num, server_important_type, flow_state, run_type, base_image_id) " +
            "VALUES (@Application, @ServerName, @NodeGroup, @NodeName, @BasePath, @ExePath, @TemplateName, @BakFlag, @SettingState, " +
            "@PresentState, @ProcessId, @PatchVersion, @PatchTime, @PatchUser, @TarsVersion, @Posttime, @Lastuser, @ServerType, " +
            "@StartScriptPath, @StopScriptPath, @MonitorScriptPath, @EnableGroup, @EnableSet, @SetName, @SetArea, @SetGroup, " +
            "@IpGroupName, @Profile, @ConfigCenterPort, @AsyncThreadNum, @ServerImportantType, @FlowState, @RunType, @BaseImageId)";

    public Task<IReadOnlyList<ServerConfRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<ServerConfRow>(
            $"SELECT {Columns} FROM t_server_conf ORDER BY application, server_name, node_name", null, cancellationToken);

    public Task<ServerConfRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ServerConfRow>($"SELECT {Columns} FROM t_server_conf WHERE id = @id", new { id }, cancellationToken);

    /// <summary>Every instance with its image as the service tree shows it, in one query (10,000 rows stay quick).</summary>
    public async Task<IReadOnlyList<ServiceInstanceSummary>> ListSummariesAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<TreeRow>(
            "SELECT s.id, s.application, s.server_name, s.node_name, s.enable_set, s.set_name, s.set_area, s.set_group, " +
            "s.present_state, s.setting_state, s.run_type, s.base_image_id, s.server_type, i.image " +
            "FROM t_server_conf s LEFT JOIN t_base_image i ON i.id = s.base_image_id", null, cancellationToken);
        return [.. rows.Select(r => r.ToSummary())];
    }

    /// <summary>The rows of these ids that exist, in one query, in id order.</summary>
    public Task<IReadOnlyList<ServerConfRow>> ListByIdsAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default) =>
        ids.Count == 0
            ? Task.FromResult<IReadOnlyList<ServerConfRow>>([])
            : database.QueryAsync<ServerConfRow>($"SELECT {Columns} FROM t_server_conf WHERE id IN @ids ORDER BY id", new { ids }, cancellationToken);

    /// <summary>Every instance of one App.Server, by node name.</summary>
    public Task<IReadOnlyList<ServerConfRow>> ListForServiceAsync(string application, string serverName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ServerConfRow>(
            $"SELECT {Columns} FROM t_server_conf WHERE application = @application AND server_name = @serverName ORDER BY node_name",
            new { application, serverName }, cancellationToken);

    /// <summary>The instance of a service on a node (the table's unique key), or null.</summary>
    public Task<ServerConfRow?> FindAsync(string application, string serverName, string nodeName, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ServerConfRow>(
            $"SELECT {Columns} FROM t_server_conf WHERE application = @application AND server_name = @serverName AND node_name = @nodeName",
            new { application, serverName, nodeName }, cancellationToken);

    /// <summary>Every instance on a node, oldest (lowest id) first.</summary>
    public Task<IReadOnlyList<ServerConfRow>> ListOnNodeAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ServerConfRow>($"SELECT {Columns} FROM t_server_conf WHERE node_name = @nodeName ORDER BY id", new { nodeName }, cancellationToken);

    public Task<int> CountOnNodeAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_server_conf WHERE node_name = @nodeName", new { nodeName }, cancellationToken);

    public async Task<int> InsertAsync(ServerConfRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            InsertSql,
            row, cancellationToken);
        return row.Id;
    }

    /// <summary>Inserts the row inside <paramref name="transaction"/> (a write that spans tables) and sets its id.</summary>
    public async Task<int> InsertAsync(ServerConfRow row, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        row.Id = await transaction.Connection!.ExecuteScalarAsync<int>(new CommandDefinition(database.Dialect.SelectInsertedId(InsertSql), row,
            transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        return row.Id;
    }

    /// <summary>Inserts many rows in one transaction (seeding and tests: 10,000 rows in seconds, not minutes).</summary>
    public async Task InsertManyAsync(IEnumerable<ServerConfRow> rows, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
            InsertSql,
            rows, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes what the dashboard saw of an instance (present_state, process_id, and setting_state when given) only
    /// while the dashboard owns its node: not tarsnode-managed and no heartbeat fresher than
    /// <paramref name="freshSeconds"/> by the database's clock (<see cref="NodeOwnership.Decide"/> as SQL, decided in
    /// the statement that writes). False when nothing was written because tarsnode owns those columns there.
    /// </summary>
    public async Task<bool> SetStateIfDashboardOwnedAsync(int id, string presentState, int processId, string? settingState, int freshSeconds,
        CancellationToken cancellationToken = default)
    {
        var setting = settingState is null ? "" : ", setting_state = @settingState";
        var changed = await database.ExecuteAsync(
            $"UPDATE t_server_conf SET present_state = @presentState, process_id = @processId{setting} WHERE id = @id " +
            "AND NOT EXISTS (SELECT 1 FROM tdash_node n WHERE n.node_name = t_server_conf.node_name AND n.management = @tarsnode) " +
            "AND NOT EXISTS (SELECT 1 FROM t_node_info i WHERE i.node_name = t_server_conf.node_name AND i.last_heartbeat IS NOT NULL " +
            $"AND {database.Dialect.SecondsSince("i.last_heartbeat")} < @freshSeconds)",
            new { id, presentState, processId, settingState, freshSeconds, tarsnode = NodeManagement.Tarsnode }, cancellationToken);
        return changed > 0;
    }

    /// <summary>
    /// Saves the editable settings of <paramref name="edited"/> with its posttime and lastuser, only while every editable
    /// column still holds what <paramref name="original"/> read; false when someone changed (or deleted) the row since.
    /// </summary>
    public async Task<bool> UpdateIfUnchangedAsync(ServerConfRow original, ServerConfRow edited, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            $"UPDATE t_server_conf SET {string.Join(", ", Editable.Select(c => $"{c.Column} = @{c.Property}"))}, posttime = @Posttime, lastuser = @Lastuser " +
            $"WHERE id = @Id AND {string.Join(" AND ", Editable.Select(c => $"({c.Column} = @Original{c.Property} OR ({c.Column} IS NULL AND @Original{c.Property} IS NULL))"))}",
            Parameters(original, edited), cancellationToken) == 1;

    /// <summary>Records a published package on the instances of App.Server on a node (the dashboard's own publish; tarsnode records its own).</summary>
    public Task<int> SetPatchAsync(string application, string serverName, string nodeName, string version, string user, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE t_server_conf SET patch_version = @version, patch_time = @now, patch_user = @user " +
            "WHERE application = @application AND server_name = @serverName AND node_name = @nodeName",
            new { version, now = clock.GetUtcNow().UtcDateTime, user, application, serverName, nodeName }, cancellationToken);

    /// <summary>Removes an instance's row and its adapters in one transaction (an undeploy); false when the row was already gone.</summary>
    public async Task<bool> DeleteWithAdaptersAsync(ServerConfRow row, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM t_adapter_conf WHERE application = @Application AND server_name = @ServerName AND node_name = @NodeName",
            new { row.Application, row.ServerName, row.NodeName }, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM t_server_conf WHERE id = @Id", new { row.Id }, transaction,
            database.CommandTimeout, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>Switches an instance to another image (a release's or a rollback's), leaving every other setting as it is.</summary>
    public Task<int> SetBaseImageAsync(int id, int? baseImageId, string user, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE t_server_conf SET base_image_id = @baseImageId, posttime = @now, lastuser = @user WHERE id = @id",
            new { id, baseImageId, now = clock.GetUtcNow().UtcDateTime, user }, cancellationToken);

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_server_conf WHERE id = @id", new { id }, cancellationToken);

    /// <summary>The settings an edit may change, as (column, property) pairs.</summary>
    private static readonly (string Column, string Property)[] Editable =
    [
        ("template_name", nameof(ServerConfRow.TemplateName)),
        ("server_type", nameof(ServerConfRow.ServerType)),
        ("enable_set", nameof(ServerConfRow.EnableSet)),
        ("set_name", nameof(ServerConfRow.SetName)),
        ("set_area", nameof(ServerConfRow.SetArea)),
        ("set_group", nameof(ServerConfRow.SetGroup)),
        ("async_thread_num", nameof(ServerConfRow.AsyncThreadNum)),
        ("bak_flag", nameof(ServerConfRow.BakFlag)),
        ("base_path", nameof(ServerConfRow.BasePath)),
        ("exe_path", nameof(ServerConfRow.ExePath)),
        ("start_script_path", nameof(ServerConfRow.StartScriptPath)),
        ("stop_script_path", nameof(ServerConfRow.StopScriptPath)),
        ("monitor_script_path", nameof(ServerConfRow.MonitorScriptPath)),
        ("profile", nameof(ServerConfRow.Profile)),
        ("run_type", nameof(ServerConfRow.RunType)),
        ("base_image_id", nameof(ServerConfRow.BaseImageId)),
    ];

    private static Dapper.DynamicParameters Parameters(ServerConfRow original, ServerConfRow edited)
    {
        var parameters = new Dapper.DynamicParameters(new { edited.Id, edited.Posttime, edited.Lastuser });
        foreach (var (_, property) in Editable)
        {
            var info = typeof(ServerConfRow).GetProperty(property)!;
            parameters.Add(property, info.GetValue(edited));
            parameters.Add("Original" + property, info.GetValue(original));
        }

        return parameters;
    }

    private sealed class TreeRow
    {
        public int Id { get; set; }
        public string? Application { get; set; }
        public string? ServerName { get; set; }
        public string? NodeName { get; set; }
        public string? EnableSet { get; set; }
        public string? SetName { get; set; }
        public string? SetArea { get; set; }
        public string? SetGroup { get; set; }
        public string? PresentState { get; set; }
        public string? SettingState { get; set; }
        public string? RunType { get; set; }
        public int? BaseImageId { get; set; }
        public string? ServerType { get; set; }
        public string? Image { get; set; }

        public ServiceInstanceSummary ToSummary() => new(
            Id,
            Application ?? "",
            ServerName ?? "",
            NodeName ?? "",
            EnableSet == "Y" ? $"{SetName}.{SetArea}.{SetGroup}" : null,
            PresentState ?? PresentStates.Inactive,
            SettingState ?? "inactive",
            RunTypes.Normalize(RunType),
            BaseImageId ?? 0,
            Image,
            ServerType ?? "tars_cpp");
    }
}
