using System.Buffers.Binary;
using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Protocol;

/// <summary>
/// The Tars stream framing: a 4-byte big-endian length that counts itself, then the packet's fields (no struct
/// wrapper). A length over the limit is refused before its body is allocated.
/// </summary>
public static class TarsFraming
{
    public const int HeaderBytes = 4;

    /// <summary>TarsCpp's default ceiling for one packet (10 MB).</summary>
    public const int DefaultMaxPacketBytes = 10 * 1024 * 1024;

    /// <summary>The packet encoded and prefixed with its length.</summary>
    public static byte[] Frame<T>(T packet) where T : ITarsStruct<T>
    {
        var body = TarsCodec.Encode(packet);
        var frame = new byte[HeaderBytes + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length);
        body.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>The total length a header announces; refused when below 4 or above <paramref name="maxPacketBytes"/>.</summary>
    public static int ReadLength(ReadOnlySpan<byte> header, int maxPacketBytes)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < HeaderBytes || length > (uint)maxPacketBytes)
        {
            throw new TarsDecodeException(
                $"A packet announces {length} bytes; the accepted range is {HeaderBytes} to {maxPacketBytes}.");
        }

        return (int)length;
    }

    /// <summary>
    /// The next packet's body (without its length), or null when the stream ends cleanly between packets.
    /// A stream that ends inside a packet throws <see cref="EndOfStreamException"/>.
    /// </summary>
    public static async Task<byte[]?> ReadPacketAsync(Stream stream, int maxPacketBytes, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderBytes];
        var read = 0;
        while (read < HeaderBytes)
        {
            var n = await stream.ReadAsync(header.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? null : throw new EndOfStreamException("The connection closed inside a packet's length.");
            }

            read += n;
        }

        var body = new byte[ReadLength(header, maxPacketBytes) - HeaderBytes];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return body;
    }
}
