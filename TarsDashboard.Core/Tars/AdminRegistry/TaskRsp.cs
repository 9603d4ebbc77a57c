using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>A task and its items' progress, as <c>getTaskRsp</c> returns it (framework/AdminReg.tars <c>TaskRsp</c>).</summary>
public sealed record TaskRsp : ITarsStruct<TaskRsp>
{
    public IReadOnlyList<TaskItemRsp> TaskItemRsp { get; init; } = [];

    public string TaskNo { get; init; } = "";

    public bool Serial { get; init; }

    public string UserName { get; init; } = "";

    /// <summary>Tag 4 (an enum, so always sent).</summary>
    public EMTaskStatus Status { get; init; }

    public string CreateTime { get; init; } = "";

    public string ExecuteLog { get; init; } = "";

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteOptionalStructList(0, TaskItemRsp);
        writer.WriteOptionalString(1, TaskNo);
        writer.WriteBool(2, Serial);
        writer.WriteOptionalString(3, UserName);
        writer.WriteInt(4, (int)Status);
        writer.WriteOptionalString(5, CreateTime);
        writer.WriteOptionalString(6, ExecuteLog);
    }

    public static TaskRsp ReadFrom(TarsReader reader) => new()
    {
        TaskItemRsp = reader.ReadStructList<TaskItemRsp>(0, required: false),
        TaskNo = reader.ReadString(1, required: false),
        Serial = reader.ReadBool(2, required: false),
        UserName = reader.ReadString(3, required: false),
        Status = (EMTaskStatus)reader.ReadInt(4, required: false),
        CreateTime = reader.ReadString(5, required: false),
        ExecuteLog = reader.ReadString(6, required: false),
    };
}
