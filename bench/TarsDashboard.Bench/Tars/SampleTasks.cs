using TarsDashboard.Core.Tars.AdminRegistry;

namespace TarsDashboard.Bench.Tars;

/// <summary>
/// A publish of one server to 10 nodes, as the dashboard sends it (TaskReq) and as tarsAdminRegistry reports it
/// back once done (TaskRsp): the field lengths are those of a real patch task, so bytes/s mean something.
/// </summary>
internal static class SampleTasks
{
    public const int Items = 10;
    public const string TaskNo = "5f1c2e9a-7b3d-4c8e-9a61-2d4f0b7e8c13";

    public static TaskReq Request() => new()
    {
        TaskNo = TaskNo,
        Serial = true,
        UserName = "admin",
        TaskItemReq = Enumerable.Range(1, Items).Select(Item).ToList(),
    };

    public static TaskRsp Response() => new()
    {
        TaskNo = TaskNo,
        Serial = true,
        UserName = "admin",
        Status = EMTaskStatus.Success,
        CreateTime = "2026-11-23 07:13:24",
        ExecuteLog = "",
        TaskItemRsp = Enumerable.Range(1, Items).Select(i => new TaskItemRsp
        {
            Req = Item(i),
            StartTime = "2026-11-23 07:13:25",
            EndTime = "2026-11-23 07:13:41",
            Status = EMTaskItemStatus.Success,
            StatusInfo = "patch success",
            ExecuteLog = $"[2026-11-23 07:13:25] downloading Demo.HelloServer_tgz_42.tgz to 10.0.0.{i}\n"
                + "[2026-11-23 07:13:33] package unpacked, stopping server\n[2026-11-23 07:13:41] server started, pid 2" + i,
            Percent = 100,
        }).ToList(),
    };

    public static ServerStateDesc ServerState() => new()
    {
        SettingStateInReg = "active",
        PresentStateInReg = "active",
        PresentStateInNode = "Active",
        ProcessId = 21437,
        PatchVersion = "42",
        PatchTime = "2026-11-23 07:13:41",
        PatchUser = "admin",
    };

    private static TaskItemReq Item(int i) => new()
    {
        TaskNo = TaskNo,
        ItemNo = $"{TaskNo}-{i:00}",
        Application = "Demo",
        ServerName = "HelloServer",
        NodeName = $"10.0.0.{i}",
        Command = TaskCommand.Patch,
        UserName = "admin",
        Parameters = new Dictionary<string, string>
        {
            [TaskCommand.PatchIdParameter] = "42",
            [TaskCommand.BakFlagParameter] = "0",
            [TaskCommand.UpdateTextParameter] = "release 1.4.2: faster login",
            [TaskCommand.GroupNameParameter] = "",
        },
    };
}
