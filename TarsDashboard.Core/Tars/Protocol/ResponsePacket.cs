using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Protocol;

/// <summary>A reply on the wire (tup/RequestF.tars <c>ResponsePacket</c>); <see cref="Ret"/> ≠ 0 is a framework error.</summary>
public sealed record ResponsePacket : ITarsStruct<ResponsePacket>
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public short Version { get; init; } = TarsProtocolVersion.Tars;

    public sbyte PacketType { get; init; } = TarsProtocolVersion.NormalPacket;

    public int RequestId { get; init; }

    public int MessageType { get; init; }

    /// <summary>The framework's result (<see cref="TarsReturnCode"/>), not the method's return value.</summary>
    public int Ret { get; init; }

    /// <summary>The method's return value at tag 0 and its out parameters at their parameter tags.</summary>
    public byte[] Buffer { get; init; } = [];

    public IReadOnlyDictionary<string, string> Status { get; init; } = Empty;

    /// <summary>Optional: why <see cref="Ret"/> is not 0.</summary>
    public string ResultDesc { get; init; } = "";

    /// <summary>Optional.</summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = Empty;

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteShort(1, Version);
        writer.WriteByte(2, PacketType);
        writer.WriteInt(3, RequestId);
        writer.WriteInt(4, MessageType);
        writer.WriteInt(5, Ret);
        writer.WriteBytes(6, Buffer);
        writer.WriteStringMap(7, Status);
        writer.WriteOptionalString(8, ResultDesc);
        writer.WriteOptionalStringMap(9, Context);
    }

    public static ResponsePacket ReadFrom(TarsReader reader) => new()
    {
        Version = reader.ReadShort(1, required: true),
        PacketType = reader.ReadByte(2, required: true),
        RequestId = reader.ReadInt(3, required: true),
        MessageType = reader.ReadInt(4, required: true),
        Ret = reader.ReadInt(5, required: true),
        Buffer = reader.ReadBytes(6, required: true),
        Status = reader.ReadStringMap(7, required: true),
        ResultDesc = reader.ReadString(8, required: false),
        Context = reader.ReadStringMap(9, required: false),
    };
}
