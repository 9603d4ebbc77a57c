namespace TarsDashboard.Core.Tars.Codec;

/// <summary>Encodes and decodes a whole top-level struct (a packet, an RPC's argument buffer) without a struct wrapper.</summary>
public static class TarsCodec
{
    public static byte[] Encode<T>(T value) where T : ITarsStruct<T>
    {
        var writer = new TarsWriter();
        value.WriteTo(writer);
        return writer.ToArray();
    }

    public static T Decode<T>(ReadOnlyMemory<byte> data) where T : ITarsStruct<T> => T.ReadFrom(new TarsReader(data));
}
