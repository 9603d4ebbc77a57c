using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Node;

/// <summary>Progress of a publish on a node (framework/NodeDescriptor.tars <c>PatchInfo</c>).</summary>
public sealed record PatchInfo : ITarsStruct<PatchInfo>
{
    /// <summary>Tag 0 <c>bPatching</c>: a publish is under way.</summary>
    public bool Patching { get; init; }

    /// <summary>Tag 1 <c>iPercent</c>.</summary>
    public int Percent { get; init; }

    /// <summary>Tag 2 <c>iModifyTime</c>: when the percentage last changed (Unix seconds).</summary>
    public int ModifyTime { get; init; }

    /// <summary>Tag 3 <c>sVersion</c>.</summary>
    public string Version { get; init; } = "";

    /// <summary>Tag 4 <c>sResult</c>.</summary>
    public string Result { get; init; } = "";

    /// <summary>Tag 5 <c>bSucc</c>, optional (a bool, so always sent).</summary>
    public bool Succeeded { get; init; }

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteBool(0, Patching);
        writer.WriteInt(1, Percent);
        writer.WriteInt(2, ModifyTime);
        writer.WriteString(3, Version);
        writer.WriteString(4, Result);
        writer.WriteBool(5, Succeeded);
    }

    public static PatchInfo ReadFrom(TarsReader reader) => new()
    {
        Patching = reader.ReadBool(0, required: true),
        Percent = reader.ReadInt(1, required: true),
        ModifyTime = reader.ReadInt(2, required: true),
        Version = reader.ReadString(3, required: true),
        Result = reader.ReadString(4, required: true),
        Succeeded = reader.ReadBool(5, required: false),
    };
}
