using System.Globalization;
using Docker.DotNet;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Where a search of a large log file should start reading so it can skip what comes before its range. A file is
/// written in time order, so the block to start from is searched for by time: each probe is one
/// <c>dd if=FILE bs=64K skip=N count=1</c> (an argument vector, no shell) and the first stamped line that starts in
/// that block tells its time. A 1 GiB file takes a handful of probes instead of one read of everything before the range.
/// <list type="bullet">
/// <item>The start is a block whose first stamped line is before the range, or the file's start, so no line of the
/// range is skipped while the stamps keep increasing. Lines before the range that are read anyway are dropped by
/// <see cref="LogRangeScanner"/>.</item>
/// <item>A block without a stamped line ends the bisection where it stands (reading more is always safe), and so
/// does any failure: the search then reads from the last start known to be safe.</item>
/// </list>
/// </summary>
internal static class FileTimeSeek
{
    public const int BlockSize = 64 * 1024;

    /// <summary>The search stops this close to the range: 1 MiB read before it costs less than one more probe.</summary>
    public const long SlackBlocks = 16;

    /// <summary>
    /// Where a search of <paramref name="id"/> from <paramref name="from"/> should read from, or null to read from the
    /// start: a file smaller than <paramref name="minBytes"/> is read whole (<see cref="LogOptions.FileSeekMinMegabytes"/>:
    /// a file is read at about 150 MB/s, a search by time takes some hundred milliseconds), as is one whose range
    /// starts in its first block.
    /// </summary>
    public static async Task<FileStart?> StartAsync(IDockerClient client, LogSourceId id, TimeZoneInfo zone, DateTimeOffset from, long minBytes,
        CancellationToken cancellationToken)
    {
        var (size, _) = await ContainerFileLogSource.StatAsync(client, id.Container, id.Path, cancellationToken).ConfigureAwait(false);
        if (size is not { } bytes || bytes < Math.Max(minBytes, 2L * BlockSize))
        {
            return null;
        }

        var dd = await ContainerExec.ResolveToolAsync(client, id.Container, "dd", ["if=/dev/null"], cancellationToken).ConfigureAwait(false);
        var block = await StartBlockAsync((bytes + BlockSize - 1) / BlockSize, from, async (index, token) =>
        {
            // dd's record counts go to stderr; a block it could not read is empty, so it tells no time.
            var text = await ContainerExec.ReadStdoutAsync(client, id.Container, ReadArgs(dd, id.Path, index, count: 1), token).ConfigureAwait(false);
            return FirstStampedLine(text, index > 0, zone);
        }, cancellationToken).ConfigureAwait(false);
        return block == 0 ? null : new FileStart(block, dd);
    }

    /// <summary><c>dd</c> reading <paramref name="path"/> from block <paramref name="block"/>, <paramref name="count"/> blocks or to its end.</summary>
    public static string[] ReadArgs(string[] dd, string path, long block, int? count = null) =>
    [
        .. dd, "if=" + path, "bs=" + BlockSize.ToString(CultureInfo.InvariantCulture), "skip=" + block.ToString(CultureInfo.InvariantCulture),
        .. count is { } blocks ? ["count=" + blocks.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
    ];

    /// <summary>
    /// Searches <paramref name="blocks"/> for a block whose first stamped line is before <paramref name="from"/>, at most
    /// <see cref="SlackBlocks"/> blocks before the last such block; 0 when none is, or when a probe cannot tell.
    /// <list type="bullet">
    /// <item>A log's times grow nearly in step with its offset, so the next probe is placed where the times known on
    /// either side say <paramref name="from"/> lies (interpolation): a few probes instead of one per halving.</item>
    /// <item>When an interpolated probe does not halve the interval (bursts of lines), the next one bisects, so a
    /// file of any shape takes at most about twice the probes of a bisection.</item>
    /// <item>It stops within <see cref="SlackBlocks"/> blocks of the range: reading 1 MiB more costs less than a probe.</item>
    /// </list>
    /// </summary>
    public static async Task<long> StartBlockAsync(long blocks, DateTimeOffset from, Func<long, CancellationToken, Task<DateTimeOffset?>> firstTimeIn,
        CancellationToken cancellationToken)
    {
        // A range that begins before the file's first stamp (a search of all of it) needs no search.
        if (await firstTimeIn(0, cancellationToken).ConfigureAwait(false) is not { } first || first >= from || blocks < 2)
        {
            return 0;
        }

        long safe = 0, after = blocks;
        DateTimeOffset safeTime = first;
        DateTimeOffset? afterTime = null;
        if (await firstTimeIn(blocks - 1, cancellationToken).ConfigureAwait(false) is { } last)
        {
            if (last < from)
            {
                return blocks - 1;
            }

            (after, afterTime) = (blocks - 1, last);
        }

        var bisectNext = afterTime is null;
        while (after - safe > SlackBlocks)
        {
            var width = after - safe;
            var probe = bisectNext || afterTime is not { } upper || upper <= safeTime
                ? safe + width / 2
                : Math.Clamp(safe + (long)((from - safeTime) / (upper - safeTime) * width), safe + 1, after - 1);
            if (await firstTimeIn(probe, cancellationToken).ConfigureAwait(false) is not { } time)
            {
                break;
            }

            if (time < from)
            {
                (safe, safeTime) = (probe, time);
            }
            else
            {
                (after, afterTime) = (probe, time);
            }

            // An interpolation that left more than half the interval is followed by a bisection.
            bisectNext = !bisectNext && after - safe > width / 2;
        }

        return safe;
    }

    /// <summary>
    /// The time of the first line in <paramref name="block"/> that has a leading stamp, skipping the line cut by the
    /// block's start (<paramref name="startsMidLine"/>); null when no whole line in it has one.
    /// </summary>
    public static DateTimeOffset? FirstStampedLine(string block, bool startsMidLine, TimeZoneInfo zone)
    {
        var position = 0;
        if (startsMidLine)
        {
            position = block.IndexOf('\n', StringComparison.Ordinal) + 1;
            if (position == 0)
            {
                return null;
            }
        }

        while (position < block.Length)
        {
            var end = block.IndexOf('\n', position);
            if (end < 0)
            {
                return null; // cut by the block's end: its stamp may be cut too
            }

            if (TimestampParser.TryParseLeading(block.AsSpan(position, end - position), zone, out var time, out _))
            {
                return time;
            }

            position = end + 1;
        }

        return null;
    }
}

/// <summary>A search's start inside a file: the block to read from and the <c>dd</c> the container runs (found once, for the probes).</summary>
internal sealed record FileStart(long Block, string[] Dd)
{
    public long Offset => Block * FileTimeSeek.BlockSize;
}
