using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The progress of one task item (framework/AdminReg.tars <c>TaskItemRsp</c>, all optional).</summary>
public sealed record TaskItemRsp : ITarsStruct<TaskItemRsp>
{
    /// <summary>Tag 0 (a struct, so always sent).</summary>
    public TaskItemReq Req { get; init; } = new();

    public string StartTime { get; init; } = "";

    public string EndTime { get; init; } = "";

    /// <summary>Tag 3 (an enum, so always sent).</summary>
    public EMTaskItemStatus Status { get; init; }

    public string StatusInfo { get; init; } = "";

    public string ExecuteLog { get; init; } = "";

    public int Percent { get; init; }

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteStruct(0, Req);
        writer.WriteOptionalString(1, StartTime);
        writer.WriteOptionalString(2, EndTime);
        writer.WriteInt(3, (int)Status);
        writer.WriteOptionalString(4, StatusInfo);
        writer.WriteOptionalString(5, ExecuteLog);
        writer.WriteOptionalInt(6, Percent);
    }

    public static TaskItemRsp ReadFrom(TarsReader reader) => new()
    {
        Req = reader.ReadOptionalStruct<TaskItemReq>(0) ?? new TaskItemReq(),
        StartTime = reader.ReadString(1, required: false),
        EndTime = reader.ReadString(2, required: false),
        Status = (EMTaskItemStatus)reader.ReadInt(3, required: false),
        StatusInfo = reader.ReadString(4, required: false),
        ExecuteLog = reader.ReadString(5, required: false),
        Percent = reader.ReadInt(6, required: false),
    };
}
