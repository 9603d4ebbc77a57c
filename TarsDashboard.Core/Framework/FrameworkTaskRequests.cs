using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Tars.AdminRegistry;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Builds the <c>TaskReq</c> of <c>addTaskReq</c> the way the Tars web platform does (TaskService.addTask): one item
/// per instance with its application, server and node, the command, the user and the parameters as strings; no set
/// name (the web platform leaves it empty too), not elegant, eachNum 1.
/// </summary>
public static class FrameworkTaskRequests
{
    /// <summary>t_task.user_name is varchar(20), and tarsAdminRegistry inserts the name as given.</summary>
    public const int UserNameLength = 20;

    public static TaskReq Build(TaskRow task, string command, IReadOnlyList<ServerConfRow> rows,
        Func<ServerConfRow, IReadOnlyDictionary<string, string>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(rows);
        var userName = task.UserName ?? "";
        return new TaskReq
        {
            TaskNo = task.TaskNo,
            Serial = task.Serial,
            UserName = userName,
            TaskItemReq = [.. rows.Select((row, index) => new TaskItemReq
            {
                TaskNo = task.TaskNo,
                ItemNo = FrameworkTaskNumbers.ItemNo(task.TaskNo, index),
                Application = row.Application,
                ServerName = row.ServerName,
                NodeName = row.NodeName,
                Command = command,
                UserName = userName,
                Parameters = parameters?.Invoke(row) ?? new Dictionary<string, string>(),
            })],
        };
    }

    /// <summary>A task row for a new delegated task (nothing of it is stored by the dashboard).</summary>
    public static TaskRow NewTask(string userName, bool serial, TimeProvider clock) => new()
    {
        TaskNo = FrameworkTaskNumbers.NewTaskNo(clock),
        Serial = serial,
        UserName = userName.Length <= UserNameLength ? userName : userName[..UserNameLength],
        CreateTime = clock.GetUtcNow().UtcDateTime,
    };
}
