using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>A server's states as AdminReg reports them (framework/AdminReg.tars <c>ServerStateDesc</c>, all required).</summary>
public sealed record ServerStateDesc : ITarsStruct<ServerStateDesc>
{
    /// <summary>Tag 0: <c>t_server_conf.setting_state</c> ("active" / "inactive").</summary>
    public string SettingStateInReg { get; init; } = "";

    /// <summary>Tag 1: <c>t_server_conf.present_state</c>.</summary>
    public string PresentStateInReg { get; init; } = "";

    /// <summary>Tag 2: what tarsnode says now.</summary>
    public string PresentStateInNode { get; init; } = "";

    public int ProcessId { get; init; }

    public string PatchVersion { get; init; } = "";

    public string PatchTime { get; init; } = "";

    public string PatchUser { get; init; } = "";

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteString(0, SettingStateInReg);
        writer.WriteString(1, PresentStateInReg);
        writer.WriteString(2, PresentStateInNode);
        writer.WriteInt(3, ProcessId);
        writer.WriteString(4, PatchVersion);
        writer.WriteString(5, PatchTime);
        writer.WriteString(6, PatchUser);
    }

    public static ServerStateDesc ReadFrom(TarsReader reader) => new()
    {
        SettingStateInReg = reader.ReadString(0, required: true),
        PresentStateInReg = reader.ReadString(1, required: true),
        PresentStateInNode = reader.ReadString(2, required: true),
        ProcessId = reader.ReadInt(3, required: true),
        PatchVersion = reader.ReadString(4, required: true),
        PatchTime = reader.ReadString(5, required: true),
        PatchUser = reader.ReadString(6, required: true),
    };
}
