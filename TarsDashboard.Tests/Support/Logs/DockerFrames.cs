using System.Buffers.Binary;
using System.Text;
using TarsDashboard.Core.Logs;

namespace TarsDashboard.Tests.Logs;

/// <summary>Builds Docker's multiplexed byte stream and feeds it to an assembler in chosen pieces.</summary>
internal static class DockerFrames
{
    public const byte Stdout = 1;
    public const byte Stderr = 2;

    public static byte[] Frame(byte streamType, string payload) => Frame(streamType, Encoding.UTF8.GetBytes(payload));

    public static byte[] Frame(byte streamType, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = streamType;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Appends <paramref name="data"/> cut at the given offsets, then flushes.</summary>
    public static List<LogLine> FeedSplitAt(DockerFrameLineAssembler assembler, byte[] data, params int[] splitPoints)
    {
        var lines = new List<LogLine>();
        var start = 0;
        foreach (var point in splitPoints.Append(data.Length))
        {
            assembler.Append(data.AsSpan(start, point - start), lines);
            start = point;
        }

        assembler.Flush(lines);
        return lines;
    }

    /// <summary>Appends <paramref name="data"/> in chunks of <paramref name="chunkSize"/> bytes, then flushes.</summary>
    public static List<LogLine> FeedInChunks(DockerFrameLineAssembler assembler, byte[] data, int chunkSize)
    {
        var lines = new List<LogLine>();
        for (var start = 0; start < data.Length; start += chunkSize)
        {
            assembler.Append(data.AsSpan(start, Math.Min(chunkSize, data.Length - start)), lines);
        }

        assembler.Flush(lines);
        return lines;
    }

    public static string[] Texts(IEnumerable<LogLine> lines) => lines.Select(l => l.Text).ToArray();
}
