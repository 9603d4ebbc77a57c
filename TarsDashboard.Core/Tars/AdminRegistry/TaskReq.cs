using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>A batch task for <c>addTaskReq</c> (framework/AdminReg.tars <c>TaskReq</c>, all optional).</summary>
public sealed record TaskReq : ITarsStruct<TaskReq>
{
    public IReadOnlyList<TaskItemReq> TaskItemReq { get; init; } = [];

    public string TaskNo { get; init; } = "";

    /// <summary>Tag 2: run the items one after another rather than all at once.</summary>
    public bool Serial { get; init; }

    public string UserName { get; init; } = "";

    /// <summary>Tag 4, default false.</summary>
    public bool IsElegant { get; init; }

    /// <summary>Tag 5, default 1: how many items run at once when elegant.</summary>
    public int EachNum { get; init; } = 1;

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteOptionalStructList(0, TaskItemReq);
        writer.WriteOptionalString(1, TaskNo);
        writer.WriteBool(2, Serial);
        writer.WriteOptionalString(3, UserName);
        writer.WriteBool(4, IsElegant);
        writer.WriteOptionalInt(5, EachNum, defaultValue: 1);
    }

    public static TaskReq ReadFrom(TarsReader reader) => new()
    {
        TaskItemReq = reader.ReadStructList<TaskItemReq>(0, required: false),
        TaskNo = reader.ReadString(1, required: false),
        Serial = reader.ReadBool(2, required: false),
        UserName = reader.ReadString(3, required: false),
        IsElegant = reader.ReadBool(4, required: false),
        EachNum = reader.ReadInt(5, required: false, defaultValue: 1),
    };
}
