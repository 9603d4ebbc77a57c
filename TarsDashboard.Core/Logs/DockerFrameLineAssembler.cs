using System.Buffers.Binary;
using System.Text;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Turns the bytes of Docker's logs/attach endpoint, arriving in chunks cut anywhere, into numbered
/// <see cref="LogLine"/>s: reads 8-byte frame headers (or raw TTY output), keeps stdout and stderr partials apart,
/// rejoins lines Docker split into 16 KB messages, strips Docker's timestamps and detects levels.
/// One instance per source connection; not thread-safe (the source's pump owns it).
/// </summary>
public sealed class DockerFrameLineAssembler
{
    private const int HeaderSize = 8;
    private const int ModeProbeSize = 4;

    private readonly LineAssemblerOptions _options;

    // Indexed by Docker's stream type: 0 stdin, 1 stdout, 2 stderr, 3 the daemon's own error text.
    private readonly PartialLine[] _streams;
    private readonly byte[] _header = new byte[HeaderSize];
    private int _headerLength;
    private PartialLine? _frame;
    private long _frameRemaining;
    private DockerStreamMode _mode;

    public DockerFrameLineAssembler(string sourceId, LineAssemblerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        _options = options ?? new LineAssemblerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxLineBytes, 16, nameof(options));
        SourceId = sourceId;
        NextSequence = _options.FirstSequence;
        _mode = _options.Mode;
        var max = _options.MaxLineBytes;
        _streams =
        [
            new PartialLine(LogStream.Stdout, max),
            new PartialLine(LogStream.Stdout, max),
            new PartialLine(LogStream.Stderr, max),
            new PartialLine(LogStream.System, max),
        ];
        ExpectStreamStart();
    }

    public string SourceId { get; }

    /// <summary>The sequence the next line (assembled or journal) will get.</summary>
    public long NextSequence { get; private set; }

    /// <summary>Consumes one chunk as received and adds every line it completes to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">A multiplexed stream carried a malformed header; the stream is lost.</exception>
    public void Append(ReadOnlySpan<byte> chunk, List<LogLine> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_mode == DockerStreamMode.Auto && !TryDetectMode(ref chunk, output))
        {
            return;
        }

        if (_mode == DockerStreamMode.Raw)
        {
            ProcessPayload(_streams[1], chunk, output);
            return;
        }

        while (!chunk.IsEmpty)
        {
            if (_frame is null)
            {
                ReadOnlySpan<byte> header;
                if (_headerLength == 0 && chunk.Length >= HeaderSize)
                {
                    header = chunk[..HeaderSize];
                    chunk = chunk[HeaderSize..];
                }
                else
                {
                    var take = Math.Min(HeaderSize - _headerLength, chunk.Length);
                    chunk[..take].CopyTo(_header.AsSpan(_headerLength));
                    _headerLength += take;
                    chunk = chunk[take..];
                    if (_headerLength < HeaderSize)
                    {
                        return;
                    }

                    header = _header;
                    _headerLength = 0;
                }

                StartFrame(header);
                continue;
            }

            var stream = _frame;
            var length = (int)Math.Min(_frameRemaining, chunk.Length);
            _frameRemaining -= length;
            if (_frameRemaining == 0)
            {
                _frame = null;
            }

            ProcessPayload(stream, chunk[..length], output);
            chunk = chunk[length..];
            if (_frame is null)
            {
                EndMessage(stream, output);
            }
        }
    }

    /// <summary>The stream ended: emits every held partial line. The instance can then read a new stream.</summary>
    public void Flush(List<LogLine> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_mode == DockerStreamMode.Auto && _headerLength > 0)
        {
            // Fewer bytes than a header ever arrived, so it was not a multiplexed stream.
            _mode = DockerStreamMode.Raw;
            var seen = _header.AsSpan(0, _headerLength);
            _headerLength = 0;
            ProcessPayload(_streams[1], seen, output);
        }

        // A header or frame cut off by the end of the stream will never be completed.
        _headerLength = 0;
        _frame = null;
        _frameRemaining = 0;
        foreach (var line in _streams)
        {
            if (line.StampLength > 0)
            {
                ResolveStamp(line, output);
            }

            line.AwaitingStamp = false;
            if (line.Started)
            {
                EmitLine(line, default, output);
            }
        }

        ExpectStreamStart();
    }

    /// <summary>A line of the dashboard's own journal ("container restarted"), numbered in this source's sequence.</summary>
    public LogLine CreateSystemLine(string text, LogSeverity level = LogSeverity.Info, DateTimeOffset? timestamp = null) =>
        new(SourceId, NextSequence++, timestamp ?? DateTimeOffset.UtcNow, LogStream.System, text, level);

    private void ExpectStreamStart()
    {
        // Raw output starts with a message at once; multiplexed messages start at each frame.
        _streams[1].AwaitingStamp = _options.Timestamps && _mode != DockerStreamMode.Multiplexed;
    }

    private bool TryDetectMode(ref ReadOnlySpan<byte> chunk, List<LogLine> output)
    {
        var take = Math.Min(ModeProbeSize - _headerLength, chunk.Length);
        chunk[..take].CopyTo(_header.AsSpan(_headerLength));
        _headerLength += take;
        chunk = chunk[take..];
        if (_headerLength < ModeProbeSize)
        {
            return false;
        }

        if (IsHeaderStart(_header))
        {
            // The probed bytes stay in _header as the start of the first frame header.
            _mode = DockerStreamMode.Multiplexed;
            _streams[1].AwaitingStamp = false;
            return true;
        }

        _mode = DockerStreamMode.Raw;
        var seen = _header.AsSpan(0, _headerLength);
        _headerLength = 0;
        ProcessPayload(_streams[1], seen, output);
        return true;
    }

    private static bool IsHeaderStart(ReadOnlySpan<byte> header) =>
        header[0] <= 3 && header[1] == 0 && header[2] == 0 && header[3] == 0;

    private void StartFrame(ReadOnlySpan<byte> header)
    {
        if (!IsHeaderStart(header))
        {
            throw new InvalidDataException(
                $"The log stream of {SourceId} is not in Docker's multiplexed format (header {Convert.ToHexString(header)}); "
                + "a TTY container sends raw output.");
        }

        _frameRemaining = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (_frameRemaining == 0)
        {
            return;
        }

        _frame = _streams[header[0]];
        _frame.AwaitingStamp = _options.Timestamps;
    }

    private void EndMessage(PartialLine line, List<LogLine> output)
    {
        // A frame shorter than a stamp carried text, not a stamp.
        if (line.StampLength > 0)
        {
            ResolveStamp(line, output);
        }

        line.AwaitingStamp = false;
    }

    private void ProcessPayload(PartialLine line, ReadOnlySpan<byte> payload, List<LogLine> output)
    {
        while (!payload.IsEmpty)
        {
            if (line.AwaitingStamp)
            {
                if (!TryReadStamp(line, ref payload, output))
                {
                    return;
                }

                continue;
            }

            var newline = payload.IndexOf((byte)'\n');
            if (newline < 0)
            {
                line.Append(payload);
                return;
            }

            EmitLine(line, payload[..newline], output);
            payload = payload[(newline + 1)..];

            // Raw output has no frames, so every line is a message with its own stamp.
            if (_mode == DockerStreamMode.Raw && _options.Timestamps)
            {
                line.AwaitingStamp = true;
            }
        }
    }

    // Returns false when the chunk ended inside the stamp; the bytes seen are kept and the payload is consumed.
    private bool TryReadStamp(PartialLine line, ref ReadOnlySpan<byte> payload, List<LogLine> output)
    {
        if (line.StampLength == 0)
        {
            var window = payload[..Math.Min(payload.Length, PartialLine.MaxStampBytes)];
            var end = window.IndexOfAny((byte)' ', (byte)'\n');
            if (end < 0 && window.Length < PartialLine.MaxStampBytes)
            {
                payload.CopyTo(line.Stamp);
                line.StampLength = payload.Length;
                payload = default;
                return false;
            }

            line.AwaitingStamp = false;
            if (end >= 0 && window[end] == (byte)' ' && TimestampParser.TryParseRfc3339(window[..end], out var timestamp))
            {
                OnStamp(line, timestamp);
                payload = payload[(end + 1)..];
            }

            return true;
        }

        var rest = payload[..Math.Min(payload.Length, PartialLine.MaxStampBytes - line.StampLength)];
        var delimiter = rest.IndexOfAny((byte)' ', (byte)'\n');
        var take = delimiter < 0 ? rest.Length : delimiter + 1;
        rest[..take].CopyTo(line.Stamp.AsSpan(line.StampLength));
        line.StampLength += take;
        payload = payload[take..];
        if (delimiter < 0 && line.StampLength < PartialLine.MaxStampBytes)
        {
            return false;
        }

        ResolveStamp(line, output);
        return true;
    }

    private void ResolveStamp(PartialLine line, List<LogLine> output)
    {
        ReadOnlySpan<byte> stamp = line.Stamp.AsSpan(0, line.StampLength);
        line.StampLength = 0;
        line.AwaitingStamp = false;
        if (stamp.Length > 1 && stamp[^1] == (byte)' ' && TimestampParser.TryParseRfc3339(stamp[..^1], out var timestamp))
        {
            OnStamp(line, timestamp);
            return;
        }

        // Not a stamp after all: those bytes begin the text. Only the last can be '\n', so nothing reuses Stamp meanwhile.
        ProcessPayload(line, stamp, output);
    }

    private static void OnStamp(PartialLine line, DateTimeOffset timestamp)
    {
        // Docker stamps every 16 KB piece of a split line; the line keeps the stamp of its first piece.
        if (!line.Started)
        {
            line.Timestamp = timestamp;
        }
    }

    private void EmitLine(PartialLine line, ReadOnlySpan<byte> tail, List<LogLine> output)
    {
        ReadOnlySpan<byte> bytes;
        var truncated = false;
        if (!line.Started && tail.Length <= _options.MaxLineBytes)
        {
            // The common case: the whole line sits in this chunk and is decoded straight from it.
            bytes = tail;
        }
        else
        {
            line.Append(tail);
            bytes = line.Bytes;
            truncated = line.Truncated;
        }

        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (truncated)
        {
            bytes = TrimIncompleteCharacter(bytes);
        }

        var text = bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
        var timestamp = line.Timestamp;
        if (timestamp is null && TimestampParser.TryParseLeading(text, _options.LocalTimeZone, out var found, out _))
        {
            timestamp = found;
        }

        output.Add(new LogLine(SourceId, NextSequence++, timestamp, line.Stream, text, LogLevelDetector.Detect(text), truncated));
        line.Reset();
    }

    // The cap may cut a multi-byte character; drop its lead bytes rather than show a replacement character.
    private static ReadOnlySpan<byte> TrimIncompleteCharacter(ReadOnlySpan<byte> bytes)
    {
        var lead = bytes.Length - 1;
        while (lead >= 0 && bytes.Length - lead <= 3 && (bytes[lead] & 0xC0) == 0x80)
        {
            lead--;
        }

        if (lead < 0)
        {
            return bytes;
        }

        var expected = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : bytes[lead] >= 0xC0 ? 2 : 1;
        return bytes.Length - lead < expected ? bytes[..lead] : bytes;
    }
}
