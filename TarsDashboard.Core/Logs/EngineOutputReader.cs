using System.Buffers.Binary;
using System.Reflection;
using Docker.DotNet;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Reads the bytes of a logs or exec response as the engine sent them, 8-byte frame headers included.
/// Docker.DotNet returns these responses as a <see cref="MultiplexedStream"/> that strips the headers, but the line
/// assembler needs them: they mark where Docker split a long line and where each message's timestamp starts. The
/// HTTP body underneath is read directly; should a future Docker.DotNet rename that field, each demultiplexed read
/// is wrapped in a header of its own, which is exact for untimestamped output and loses no text otherwise (a read
/// never spans two frames, so every real frame still starts a new one).
/// </summary>
internal sealed class EngineOutputReader : IDisposable
{
    private const int HeaderSize = 8;

    private static readonly FieldInfo? BodyField =
        typeof(MultiplexedStream).GetField("_stream", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly MultiplexedStream _demultiplexed;
    private readonly Stream? _body;
    private readonly bool _multiplexed;

    /// <param name="readBody">False forces the fallback (for tests of it).</param>
    public EngineOutputReader(MultiplexedStream stream, bool multiplexed, bool readBody = true)
    {
        _demultiplexed = stream;
        _multiplexed = multiplexed;
        _body = readBody ? BodyField?.GetValue(stream) as Stream : null;
    }

    /// <summary>False when the fallback (re-framing demultiplexed reads) is in use.</summary>
    public bool ReadsRawBody => _body is not null;

    /// <summary>Reads the next bytes into <paramref name="buffer"/> (at least 9 bytes long); 0 at the end of the response.</summary>
    public ValueTask<int> ReadAsync(byte[] buffer, CancellationToken cancellationToken) =>
        _body is not null ? _body.ReadAsync(buffer, cancellationToken) : ReadDemultiplexedAsync(buffer, cancellationToken);

    private async ValueTask<int> ReadDemultiplexedAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        if (!_multiplexed)
        {
            return (await _demultiplexed.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)).Count;
        }

        var result = await _demultiplexed.ReadOutputAsync(buffer, HeaderSize, buffer.Length - HeaderSize, cancellationToken)
            .ConfigureAwait(false);
        if (result.EOF)
        {
            return 0;
        }

        buffer.AsSpan(0, HeaderSize).Clear();
        buffer[0] = (byte)result.Target;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)result.Count);
        return HeaderSize + result.Count;
    }

    public void Dispose() => _demultiplexed.Dispose();
}
