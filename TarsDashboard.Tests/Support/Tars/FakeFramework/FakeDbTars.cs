using System.Globalization;
using System.Text;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Tars.AdminRegistry;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// The db_tars writes and reads the fake framework makes, each as the real component does it (tarsAdminRegistry's
/// DbProxy, tarsregistry for tarsnode's reports and registration), on the test's own database.
/// </summary>
public sealed class FakeDbTars(TarsDatabase database)
{
    public TarsDatabase Database { get; } = database;

    public Task<ServerConfRow?> GetServerAsync(string application, string serverName, string nodeName) =>
        new ServerConfRepository(Database, TimeProvider.System).FindAsync(application, serverName, nodeName);

    /// <summary>DbProxy::updateServerState for <c>setting_state</c> (tarsAdminRegistry writes it before asking the node).</summary>
    public Task SetSettingStateAsync(string application, string serverName, string nodeName, string state) =>
        Database.ExecuteAsync(
            "UPDATE t_server_conf SET setting_state = @state WHERE application = @application AND server_name = @serverName AND node_name = @nodeName",
            new { state, application, serverName, nodeName });

    /// <summary>DbProxy::updateServerFlowStateOne (a restart sets the flow back on).</summary>
    public Task SetFlowActiveAsync(string application, string serverName, string nodeName) =>
        Database.ExecuteAsync(
            "UPDATE t_server_conf SET flow_state = 'active' WHERE application = @application AND server_name = @serverName AND node_name = @nodeName",
            new { application, serverName, nodeName });

    /// <summary>What tarsregistry's updateServer writes when tarsnode reports a state change.</summary>
    public Task ReportServerAsync(string application, string serverName, string nodeName, string presentState, int processId) =>
        Database.ExecuteAsync(
            "UPDATE t_server_conf SET present_state = @presentState, process_id = @processId " +
            "WHERE application = @application AND server_name = @serverName AND node_name = @nodeName",
            new { presentState, processId, application, serverName, nodeName });

    /// <summary>tarsregistry's registerNode: the node's row, active, with a fresh heartbeat.</summary>
    public async Task RegisterNodeAsync(string nodeName, string nodeObj, int port, string dataDir)
    {
        var now = DateTime.Now;
        var updated = await Database.ExecuteAsync(
            "UPDATE t_node_info SET node_obj = @nodeObj, endpoint_ip = '127.0.0.1', endpoint_port = @port, data_dir = @dataDir, " +
            "last_reg_time = @now, last_heartbeat = @now, setting_state = 'active', present_state = 'active', tars_version = @version " +
            "WHERE node_name = @nodeName",
            new { nodeName, nodeObj, port, dataDir, now, version = FakeAdminRegistry.Version });
        if (updated == 0)
        {
            await Database.ExecuteAsync(
                "INSERT INTO t_node_info (node_name, node_obj, endpoint_ip, endpoint_port, data_dir, last_reg_time, last_heartbeat, " +
                "setting_state, present_state, tars_version, template_name) " +
                "VALUES (@nodeName, @nodeObj, '127.0.0.1', @port, @dataDir, @now, @now, 'active', 'active', @version, 'tars.tarsnode')",
                new { nodeName, nodeObj, port, dataDir, now, version = FakeAdminRegistry.Version });
        }
    }

    /// <summary>tarsregistry's keepAlive for a node: last_heartbeat = now() by the database's own clock, the node active.</summary>
    public Task HeartbeatAsync(string nodeName) =>
        Database.ExecuteAsync("UPDATE t_node_info SET last_heartbeat = NOW(), present_state = 'active' WHERE node_name = @nodeName", new { nodeName });

    /// <summary>
    /// One round of tarsregistry's CheckNodeThread (every 60 s): a node whose heartbeat is older than 250 s, and every
    /// server on it, forced to inactive with pid 0. A NULL heartbeat never matches. Returns the rows changed.
    /// </summary>
    public Task<int> CheckNodesAsync() =>
        Database.ExecuteAsync(
            "UPDATE t_node_info n JOIN t_server_conf s ON s.node_name = n.node_name " +
            "SET n.present_state = 'inactive', s.present_state = 'inactive', s.process_id = 0 " +
            "WHERE n.last_heartbeat < NOW() - INTERVAL 250 SECOND");

    /// <summary>tarsregistry's CheckNodeThread after 250 s without a heartbeat: the node and its servers inactive.</summary>
    public async Task ExpireNodeAsync(string nodeName)
    {
        await Database.ExecuteAsync(
            "UPDATE t_node_info SET present_state = 'inactive', last_heartbeat = @old WHERE node_name = @nodeName",
            new { nodeName, old = DateTime.Now.AddMinutes(-10) });
        await Database.ExecuteAsync(
            "UPDATE t_server_conf SET present_state = 'inactive', process_id = 0 WHERE node_name = @nodeName", new { nodeName });
    }

    /// <summary>DbProxy::getNodePrx's query: only a node whose row is active can be asked.</summary>
    public async Task<bool> IsNodeActiveAsync(string nodeName) =>
        await Database.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM t_node_info WHERE node_name = @nodeName AND present_state = 'active'", new { nodeName }) > 0;

    /// <summary>DbProxy::getActiveNodeList (a std::map, so sorted by name).</summary>
    public async Task<IReadOnlyList<string>> ActiveNodeNamesAsync() =>
        (await Database.QueryAsync<string>("SELECT node_name FROM t_node_info WHERE present_state = 'active'"))
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// DbProxy::addTaskReq: rows only when every item is a publish (start, stop and restart tasks live in memory
    /// alone); items without a status, then the task with create_time = now().
    /// </summary>
    public async Task InsertTaskAsync(TaskReq task)
    {
        if (task.TaskItemReq.Any(i => i.Command is not (TaskCommand.Patch or TaskCommand.GracePatch)))
        {
            return;
        }

        foreach (var item in task.TaskItemReq)
        {
            await Database.ExecuteAsync(
                "INSERT INTO t_task_item (task_no, item_no, application, server_name, node_name, command, parameters) " +
                "VALUES (@taskNo, @itemNo, @application, @serverName, @nodeName, @command, @parameters)",
                new
                {
                    taskNo = task.TaskNo, itemNo = item.ItemNo, application = item.Application, serverName = item.ServerName,
                    nodeName = item.NodeName, command = item.Command, parameters = EncodeParameters(item.Parameters),
                });
        }

        await Database.ExecuteAsync(
            "INSERT INTO t_task (task_no, serial, create_time, user_name) VALUES (@taskNo, @serial, @now, @userName)",
            new { taskNo = task.TaskNo, serial = task.Serial ? 1 : 0, now = DateTime.Now, userName = task.UserName });
    }

    /// <summary>DbProxy::setTaskItemInfo: start or end time, status and log of one item (rows that do not exist stay absent).</summary>
    public Task SetTaskItemAsync(string itemNo, DateTime? startTime = null, DateTime? endTime = null, EMTaskItemStatus? status = null, string? log = null)
    {
        var sets = new List<string>();
        if (startTime is not null)
        {
            sets.Add("start_time = @startTime");
        }

        if (endTime is not null)
        {
            sets.Add("end_time = @endTime");
        }

        if (status is not null)
        {
            sets.Add("status = @status");
        }

        if (log is not null)
        {
            sets.Add("log = @log");
        }

        return Database.ExecuteAsync($"UPDATE t_task_item SET {string.Join(", ", sets)} WHERE item_no = @itemNo",
            new { itemNo, startTime, endTime, status = (int?)status, log });
    }

    /// <summary>DbProxy::getTaskRsp: the task read back from its rows (only publishes have any), or null.</summary>
    public async Task<TaskRsp?> ReadTaskAsync(string taskNo)
    {
        var task = await Database.QuerySingleOrDefaultAsync<TaskRow>(
            "SELECT id, task_no, serial, user_name, create_time FROM t_task WHERE task_no = @taskNo", new { taskNo });
        var items = await new TaskRepository(Database, TimeProvider.System).ListItemsAsync(taskNo);
        if (task is null || items.Count == 0)
        {
            return null;
        }

        return new TaskRsp
        {
            TaskNo = task.TaskNo, Serial = task.Serial, UserName = task.UserName ?? "",
            CreateTime = task.CreateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            TaskItemRsp = [.. items.Select(i => new TaskItemRsp
            {
                Req = new TaskItemReq
                {
                    TaskNo = i.TaskNo, ItemNo = i.ItemNo, Application = i.Application ?? "", ServerName = i.ServerName ?? "",
                    NodeName = i.NodeName ?? "", SetName = i.SetName ?? "", Command = i.Command ?? "",
                    Parameters = DecodeParameters(i.Parameters ?? ""),
                },
                StartTime = Format(i.StartTime), EndTime = Format(i.EndTime),
                Status = (EMTaskItemStatus)(i.Status ?? 0), StatusInfo = FakeTaskList.StatusName((EMTaskItemStatus)(i.Status ?? 0)),
            })],
        };
    }

    /// <summary>DbProxy::getInfoByPatchId: the package file name and md5 of a <c>t_server_patchs</c> row.</summary>
    public Task<(string Tgz, string Md5)?> GetPatchAsync(string patchId) =>
        int.TryParse(patchId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? Database.QuerySingleOrDefaultAsync<(string, string)?>("SELECT tgz, md5 FROM t_server_patchs WHERE id = @id", new { id })
            : Task.FromResult<(string, string)?>(null);

    /// <summary>DbProxy::updatePatchByPatchId after a publish.</summary>
    public Task MarkPatchPublishedAsync(string patchId, string user) =>
        Database.ExecuteAsync(
            "UPDATE t_server_patchs SET publish = 1, publish_user = @user, publish_time = @now, lastuser = @user WHERE id = @id",
            new { user, now = DateTime.Now, id = int.Parse(patchId, CultureInfo.InvariantCulture) });

    /// <summary>tarsnode's patch report through the registry (setPatchInfo): the version published on this node.</summary>
    public Task SetPatchInfoAsync(string application, string serverName, string nodeName, string version, string user) =>
        Database.ExecuteAsync(
            "UPDATE t_server_conf SET patch_version = @version, patch_time = @now, patch_user = @user " +
            "WHERE application = @application AND server_name = @serverName AND node_name = @nodeName",
            new { version, now = DateTime.Now, user, application, serverName, nodeName });

    /// <summary>TC_Parsepara::tostr: <c>k=v&amp;k=v</c> in key order, with '=', '&amp;', '%', CR and LF as %XX.</summary>
    public static string EncodeParameters(IReadOnlyDictionary<string, string> parameters) =>
        string.Join("&", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Encode(p.Key) + "=" + Encode(p.Value)));

    public static IReadOnlyDictionary<string, string> DecodeParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                result[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return result;
    }

    private static string Encode(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            text.Append(c is '=' or '&' or '%' or '\r' or '\n' ? $"%{(int)c:X2}" : c);
        }

        return text.ToString();
    }

    private static string Format(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
