using System.Globalization;
using System.Text;
using TarsDashboard.Core.Tars;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Follows one Tars log file by polling: each poll asks its size (<see cref="TarsLogCommand.Size"/>) and reads what
/// was added since the last one as bytes from an offset (<see cref="TarsLogCommand.Range"/>), at most
/// <see cref="MaxReadBytes"/> per call; the first poll shows the last N lines up to that size
/// (<see cref="TarsLogCommand.LastLines"/>). A file that got shorter was truncated or rolled over (Tars renames
/// <c>X.log</c> to <c>X1.log</c> and starts anew): it is read again from its start. The text goes through the same
/// line assembly as container output, so a line still being written waits for its end. Not thread-safe: the
/// source's pump owns it.
/// </summary>
internal sealed class TarsLogPoller
{
    /// <summary>
    /// Bytes per getLogData call: tarsnode hands back at most 2 MB of a command's output (one 2 MB read of popen),
    /// so a larger answer would be cut short without notice.
    /// </summary>
    public const int MaxReadBytes = 1024 * 1024;

    private readonly string _sourceId;
    private readonly TimeZoneInfo _zone;
    private DockerFrameLineAssembler _assembler;

    /// <param name="zone">The zone of the file's stamps (the node's, <see cref="NodeTimeZone"/>); UTC when null.</param>
    public TarsLogPoller(string sourceId, TimeZoneInfo? zone = null)
    {
        _sourceId = sourceId;
        _zone = zone ?? TimeZoneInfo.Utc;
        _assembler = NewAssembler();
    }

    /// <summary>The byte up to which the file has been read; null before the first successful poll.</summary>
    public long? Offset { get; private set; }

    /// <summary>
    /// One poll: adds the lines read to <paramref name="output"/> (also those read before a failure) and says how it
    /// went. A failed call leaves the offset where the delivered lines end, so the next poll goes on from there.
    /// </summary>
    /// <param name="read">Runs one command on the file (getLogData).</param>
    /// <param name="firstLines">Lines shown on the first poll (0: only what is written from now on).</param>
    /// <param name="maxReads">Range reads allowed in this poll; a file further ahead is reported <see cref="TarsLogPoll.Behind"/>.</param>
    /// <exception cref="InvalidDataException">tarsnode answered the size with something that is not a number.</exception>
    public async Task<TarsLogPoll> PollAsync(Func<TarsLogCommand, CancellationToken, Task<LogDataResult>> read, List<LogLine> output,
        int firstLines, int maxReads, CancellationToken cancellationToken)
    {
        var sizeReply = await read(TarsLogCommand.Size, cancellationToken).ConfigureAwait(false);
        if (sizeReply.Ret != 0)
        {
            return new TarsLogPoll(TarsLogPollOutcome.Refused, sizeReply.Ret);
        }

        var size = ParseSize(sizeReply.FileData);
        if (Offset is not { } offset)
        {
            return await FirstAsync(read, size, firstLines, output, cancellationToken).ConfigureAwait(false);
        }

        if (size < offset)
        {
            // Its end is all there is of the old file: a last line without '\n' is complete now.
            _assembler.Flush(output);
            _assembler = NewAssembler();
            Offset = 0;
            return new TarsLogPoll(TarsLogPollOutcome.Restarted);
        }

        var reads = 0;
        while (offset < size && reads < maxReads)
        {
            var count = (int)Math.Min(size - offset, MaxReadBytes);
            var reply = await read(TarsLogCommand.Range(offset, count), cancellationToken).ConfigureAwait(false);
            if (reply.Ret != 0)
            {
                return new TarsLogPoll(TarsLogPollOutcome.Refused, reply.Ret);
            }

            Add(reply.FileData, output);
            // By the requested count, not the text's length: tarsnode's answer stops at a NUL byte, and a file that
            // only grows has these bytes, so a NUL in the log cannot hold the follower in place.
            offset += count;
            Offset = offset;
            reads++;
        }

        return new TarsLogPoll(reads == 0 ? TarsLogPollOutcome.Unchanged : TarsLogPollOutcome.Read, Behind: offset < size);
    }

    private async Task<TarsLogPoll> FirstAsync(Func<TarsLogCommand, CancellationToken, Task<LogDataResult>> read, long size, int firstLines,
        List<LogLine> output, CancellationToken cancellationToken)
    {
        if (firstLines > 0 && size > 0)
        {
            var start = Math.Max(0, size - MaxReadBytes);
            var count = (int)(size - start);
            var reply = await read(TarsLogCommand.LastLines(start, count, firstLines), cancellationToken).ConfigureAwait(false);
            if (reply.Ret != 0)
            {
                return new TarsLogPoll(TarsLogPollOutcome.Refused, reply.Ret);
            }

            Add(WithoutCutFirstLine(reply.FileData, start, count, firstLines), output);
        }

        Offset = size;
        return new TarsLogPoll(TarsLogPollOutcome.Read);
    }

    // A window that starts inside the file starts inside a line; that piece is dropped when it made it into the
    // answer, which is when fewer lines than asked came back or the whole window did.
    private static string WithoutCutFirstLine(string text, long start, int count, int lines)
    {
        if (start == 0 || text.Length == 0)
        {
            return text;
        }

        var lineCount = text.Count(c => c == '\n') + (text[^1] == '\n' ? 0 : 1);
        if (lineCount >= lines && Encoding.UTF8.GetByteCount(text) < count)
        {
            return text;
        }

        var newline = text.IndexOf('\n');
        return newline < 0 ? "" : text[(newline + 1)..];
    }

    private void Add(string text, List<LogLine> output)
    {
        if (text.Length > 0)
        {
            _assembler.Append(Encoding.UTF8.GetBytes(text), output);
        }
    }

    /// <summary>The number <see cref="TarsLogCommand.Size"/> prints.</summary>
    /// <exception cref="InvalidDataException">It is not a number.</exception>
    internal static long ParseSize(string text)
    {
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return size;
        }

        var shown = string.Concat(trimmed.Take(80).Select(c => char.IsControl(c) ? '?' : c));
        throw new InvalidDataException($"tarsnode answered the file size with '{shown}', not a number");
    }

    /// <summary>Tars log text is plain lines, as a TTY container writes them.</summary>
    internal static DockerFrameLineAssembler NewAssembler(string sourceId, TimeZoneInfo zone) =>
        new(sourceId, new LineAssemblerOptions { Mode = DockerStreamMode.Raw, LocalTimeZone = zone });

    private DockerFrameLineAssembler NewAssembler() => NewAssembler(_sourceId, _zone);
}
