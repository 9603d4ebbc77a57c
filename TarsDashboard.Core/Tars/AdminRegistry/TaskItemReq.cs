using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>One command for one server on one node inside a task (framework/AdminReg.tars <c>TaskItemReq</c>, all optional).</summary>
public sealed record TaskItemReq : ITarsStruct<TaskItemReq>
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public string TaskNo { get; init; } = "";
    public string ItemNo { get; init; } = "";
    public string Application { get; init; } = "";
    public string ServerName { get; init; } = "";
    public string NodeName { get; init; } = "";
    public string SetName { get; init; } = "";

    /// <summary>Tag 6: one of <see cref="TaskCommand"/>.</summary>
    public string Command { get; init; } = "";
    public string UserName { get; init; } = "";

    /// <summary>Tag 8: e.g. <see cref="TaskCommand.PatchIdParameter"/> for a publish.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = Empty;

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteOptionalString(0, TaskNo);
        writer.WriteOptionalString(1, ItemNo);
        writer.WriteOptionalString(2, Application);
        writer.WriteOptionalString(3, ServerName);
        writer.WriteOptionalString(4, NodeName);
        writer.WriteOptionalString(5, SetName);
        writer.WriteOptionalString(6, Command);
        writer.WriteOptionalString(7, UserName);
        writer.WriteOptionalStringMap(8, Parameters);
    }

    public static TaskItemReq ReadFrom(TarsReader reader) => new()
    {
        TaskNo = reader.ReadString(0, required: false),
        ItemNo = reader.ReadString(1, required: false),
        Application = reader.ReadString(2, required: false),
        ServerName = reader.ReadString(3, required: false),
        NodeName = reader.ReadString(4, required: false),
        SetName = reader.ReadString(5, required: false),
        Command = reader.ReadString(6, required: false),
        UserName = reader.ReadString(7, required: false),
        Parameters = reader.ReadStringMap(8, required: false),
    };
}
