using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Protocol;

/// <summary>A Tars call on the wire (tup/RequestF.tars <c>RequestPacket</c>); every field is required there.</summary>
public sealed record RequestPacket : ITarsStruct<RequestPacket>
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>1: the TARS protocol (BaseF.tars TARSVERSION); 3 would be TUP, which this client does not speak.</summary>
    public short Version { get; init; } = TarsProtocolVersion.Tars;

    /// <summary>0 a normal call that expects a reply, 1 oneway.</summary>
    public sbyte PacketType { get; init; } = TarsProtocolVersion.NormalPacket;

    public int MessageType { get; init; }

    public int RequestId { get; init; }

    public string ServantName { get; init; } = "";

    public string FuncName { get; init; } = "";

    /// <summary>The encoded arguments: parameter i of the IDL method at tag i (1-based).</summary>
    public byte[] Buffer { get; init; } = [];

    /// <summary>How long the caller waits, in milliseconds.</summary>
    public int Timeout { get; init; }

    public IReadOnlyDictionary<string, string> Context { get; init; } = Empty;

    public IReadOnlyDictionary<string, string> Status { get; init; } = Empty;

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteShort(1, Version);
        writer.WriteByte(2, PacketType);
        writer.WriteInt(3, MessageType);
        writer.WriteInt(4, RequestId);
        writer.WriteString(5, ServantName);
        writer.WriteString(6, FuncName);
        writer.WriteBytes(7, Buffer);
        writer.WriteInt(8, Timeout);
        writer.WriteStringMap(9, Context);
        writer.WriteStringMap(10, Status);
    }

    public static RequestPacket ReadFrom(TarsReader reader) => new()
    {
        Version = reader.ReadShort(1, required: true),
        PacketType = reader.ReadByte(2, required: true),
        MessageType = reader.ReadInt(3, required: true),
        RequestId = reader.ReadInt(4, required: true),
        ServantName = reader.ReadString(5, required: true),
        FuncName = reader.ReadString(6, required: true),
        Buffer = reader.ReadBytes(7, required: true),
        Timeout = reader.ReadInt(8, required: true),
        Context = reader.ReadStringMap(9, required: true),
        Status = reader.ReadStringMap(10, required: true),
    };
}
