using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Node;

/// <summary>A publish request for one server on one node (framework/NodeDescriptor.tars <c>PatchRequest</c>).</summary>
public sealed record PatchRequest : ITarsStruct<PatchRequest>
{
    public string AppName { get; init; } = "";
    public string ServerName { get; init; } = "";
    public string NodeName { get; init; } = "";
    public string GroupName { get; init; } = "";
    public string BinName { get; init; } = "";

    /// <summary>Tag 5: the patch id (<c>t_server_patchs.id</c>) as text.</summary>
    public string Version { get; init; } = "";
    public string User { get; init; } = "";
    public string ServerType { get; init; } = "";

    /// <summary>Tag 8: the tarspatch servant to download from.</summary>
    public string PatchObj { get; init; } = "";
    public string Md5 { get; init; } = "";

    /// <summary>Tag 10, optional.</summary>
    public string OsType { get; init; } = "";

    /// <summary>Tag 11, optional: the package's path on tarspatch; empty lets tarsnode derive it.</summary>
    public string FilePath { get; init; } = "";

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteString(0, AppName);
        writer.WriteString(1, ServerName);
        writer.WriteString(2, NodeName);
        writer.WriteString(3, GroupName);
        writer.WriteString(4, BinName);
        writer.WriteString(5, Version);
        writer.WriteString(6, User);
        writer.WriteString(7, ServerType);
        writer.WriteString(8, PatchObj);
        writer.WriteString(9, Md5);
        writer.WriteOptionalString(10, OsType);
        writer.WriteOptionalString(11, FilePath);
    }

    public static PatchRequest ReadFrom(TarsReader reader) => new()
    {
        AppName = reader.ReadString(0, required: true),
        ServerName = reader.ReadString(1, required: true),
        NodeName = reader.ReadString(2, required: true),
        GroupName = reader.ReadString(3, required: true),
        BinName = reader.ReadString(4, required: true),
        Version = reader.ReadString(5, required: true),
        User = reader.ReadString(6, required: true),
        ServerType = reader.ReadString(7, required: true),
        PatchObj = reader.ReadString(8, required: true),
        Md5 = reader.ReadString(9, required: true),
        OsType = reader.ReadString(10, required: false),
        FilePath = reader.ReadString(11, required: false),
    };
}
