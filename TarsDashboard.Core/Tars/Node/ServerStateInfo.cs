using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Node;

/// <summary>A server's state on its node (framework/NodeDescriptor.tars <c>ServerStateInfo</c>).</summary>
public sealed record ServerStateInfo : ITarsStruct<ServerStateInfo>
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>Tag 0: the present state.</summary>
    public ServerState ServerState { get; init; }

    public int ProcessId { get; init; }

    public string NodeName { get; init; } = "";

    public string Application { get; init; } = "";

    public string ServerName { get; init; } = "";

    /// <summary>Tag 5, optional (an enum, so always sent).</summary>
    public ServerState SettingState { get; init; }

    public IReadOnlyDictionary<string, string> ExState { get; init; } = Empty;

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteInt(0, (int)ServerState);
        writer.WriteInt(1, ProcessId);
        writer.WriteOptionalString(2, NodeName);
        writer.WriteOptionalString(3, Application);
        writer.WriteOptionalString(4, ServerName);
        writer.WriteInt(5, (int)SettingState);
        writer.WriteOptionalStringMap(6, ExState);
    }

    public static ServerStateInfo ReadFrom(TarsReader reader) => new()
    {
        ServerState = (ServerState)reader.ReadInt(0, required: true),
        ProcessId = reader.ReadInt(1, required: true),
        NodeName = reader.ReadString(2, required: false),
        Application = reader.ReadString(3, required: false),
        ServerName = reader.ReadString(4, required: false),
        SettingState = (ServerState)reader.ReadInt(5, required: false),
        ExState = reader.ReadStringMap(6, required: false),
    };
}
