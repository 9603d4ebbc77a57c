namespace TarsDashboard.Core.Logs;

/// <summary>
/// One stream's unfinished line: its bytes so far (capped), its timestamp, and a stamp prefix still being read.
/// Bytes, not chars, are held: '\n' never occurs inside a UTF-8 sequence, so decoding whole lines is exact however
/// the chunks and Docker's 16 KB frames cut a character, and needs no Decoder state.
/// </summary>
internal sealed class PartialLine(LogStream stream, int maxBytes)
{
    // Room for "2006-01-02T15:04:05.000000000+07:00 " with slack; anything longer is not a stamp.
    internal const int MaxStampBytes = 40;

    // Buffers grown past this by a rare long line are released on reset, so idle sources hold little memory.
    private const int RetainedBytes = 16 * 1024;

    private byte[] _bytes = [];

    public LogStream Stream { get; } = stream;

    public int Length { get; private set; }

    /// <summary>Content of the current line has arrived (so a new stamp belongs to a continuation and is dropped).</summary>
    public bool Started { get; private set; }

    public bool Truncated { get; private set; }

    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>A message starts here and Docker's stamp has not been read yet.</summary>
    public bool AwaitingStamp { get; set; }

    public byte[] Stamp { get; } = new byte[MaxStampBytes];

    public int StampLength { get; set; }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Started = true;
        var room = maxBytes - Length;
        if (bytes.Length > room)
        {
            bytes = bytes[..room];
            Truncated = true;
        }

        if (bytes.IsEmpty)
        {
            return;
        }

        if (Length + bytes.Length > _bytes.Length)
        {
            // Doubling keeps a 40 KB line to a handful of copies; the cap bounds the array.
            Array.Resize(ref _bytes, Math.Min(maxBytes, Math.Max(256, Math.Max(Length + bytes.Length, _bytes.Length * 2))));
        }

        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Reset()
    {
        if (_bytes.Length > RetainedBytes)
        {
            _bytes = [];
        }

        Length = 0;
        Started = false;
        Truncated = false;
        Timestamp = null;
    }
}
