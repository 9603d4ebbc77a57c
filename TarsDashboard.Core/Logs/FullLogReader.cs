using System.Buffers;
using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Reads a source's whole log once, from its start, in batches as the engine sends it (never all in memory): a
/// container's log endpoint without <c>tail</c>, a file through an exec of <c>cat &lt;path&gt;</c> given as an argument
/// vector (no shell), a Tars log through getLogData in ranges, a journal's retained rows. For downloads; following
/// stays with <see cref="LogStreamManager"/>.
/// </summary>
internal static class FullLogReader
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>
    /// Every line the engine keeps for the container, stdout and stderr in order, with Docker's timestamps; with a
    /// <paramref name="range"/>, only those the engine finds inside it (<c>since</c>/<c>until</c>, cut by the engine).
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadContainerAsync(IDockerClient client, LogSourceId id,
        LogTimeRange? range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await client.Containers.InspectContainerAsync(id.Container, cancellationToken).ConfigureAwait(false);
        var tty = container.Config?.Tty == true;
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true, ShowStderr = true, Timestamps = true, Follow = false, Tail = "all",
            Since = range is null ? null : ContainerResumePoint.FormatSince(range.From),
            Until = range is null ? null : ContainerResumePoint.FormatSince(range.To),
        };
        using var stream = await client.Containers.GetContainerLogsAsync(id.Container, parameters, cancellationToken).ConfigureAwait(false);
        var options = new LineAssemblerOptions { Mode = tty ? DockerStreamMode.Raw : DockerStreamMode.Multiplexed, Timestamps = true };
        await foreach (var batch in ReadLinesAsync(stream, multiplexed: !tty, id, options, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>
    /// The file's lines from its first byte. For a download, <c>cat</c>'s complaints (such as "No such file") become
    /// stderr lines and a closing error line; when <paramref name="strict"/>, they end the read with an
    /// <see cref="IOException"/> instead, so a search says "could not read" rather than "no match".
    /// </summary>
    /// <param name="zone">The zone of the file's stamps without one (the node's, <see cref="NodeTimeZone"/>).</param>
    /// <param name="start">
    /// Read from this block (found by <see cref="FileTimeSeek"/>) with <c>dd</c> instead of from the file's start with
    /// <c>cat</c>; the line cut by it is dropped.
    /// </param>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadFileAsync(IDockerClient client, LogSourceId id, TimeZoneInfo zone, bool strict,
        [EnumeratorCancellation] CancellationToken cancellationToken, FileStart? start = null)
    {
        string[] argv = start is not null
            ? FileTimeSeek.ReadArgs(start.Dd, id.Path, start.Block)
            : [.. await ContainerExec.ResolveToolAsync(client, id.Container, "cat", ["/dev/null"], cancellationToken).ConfigureAwait(false), id.Path];
        var exec = await client.Exec.CreateContainerExecAsync(id.Container, ContainerExec.Parameters(argv), cancellationToken).ConfigureAwait(false);
        var complaints = new List<string>();
        var cutLineLeft = start is not null;
        using (var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken).ConfigureAwait(false))
        {
            await foreach (var read in ReadLinesAsync(stream, multiplexed: true, id, new LineAssemblerOptions { LocalTimeZone = zone }, cancellationToken).ConfigureAwait(false))
            {
                var batch = read;
                if (cutLineLeft && batch.FirstOrDefault(line => line.Stream == LogStream.Stdout) is { } cut)
                {
                    // The tail of a line that began before the offset: not a line of its own.
                    cutLineLeft = false;
                    batch = [.. batch.Where(line => !ReferenceEquals(line, cut))];
                }

                if (!strict)
                {
                    yield return batch;
                    continue;
                }

                // The file's text is cat's stdout; its stderr is only ever cat speaking.
                complaints.AddRange(batch.Where(line => line.Stream == LogStream.Stderr).Select(line => line.Text).Take(5 - complaints.Count));
                yield return batch.Any(line => line.Stream == LogStream.Stderr) ? [.. batch.Where(line => line.Stream != LogStream.Stderr)] : batch;
            }
        }

        var inspect = await client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken).ConfigureAwait(false);
        if (inspect.ExitCode is { } code and not 0)
        {
            if (strict)
            {
                var why = complaints.Count > 0 ? string.Join(" ", complaints) : $"exit code {code}";
                throw new IOException($"Could not read {id.Path} in {id.Container} on {id.Node}: {why}");
            }

            yield return [new LogLine(id.ToString(), 0, DateTimeOffset.UtcNow, LogStream.System,
                $"Reading {id.Path} ended with exit code {code}.", LogSeverity.Error)];
        }
    }

    /// <summary>
    /// A Tars log file up to the size it has now, one <see cref="TarsLogPoller.MaxReadBytes"/> range per call. The size
    /// is asked here, so a missing file or an unreachable framework is known before the download starts.
    /// </summary>
    /// <exception cref="KeyNotFoundException">tarsnode finds no such file.</exception>
    /// <exception cref="IOException">tarsnode or tarsAdminRegistry answered another error code.</exception>
    public static async Task<IAsyncEnumerable<IReadOnlyList<LogLine>>> OpenTarsLogAsync(TarsLogChannel channel, LogSourceId id,
        TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var reply = await channel.ReadAsync(id, TarsLogCommand.Size, cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(reply.Ret, id);
        return ReadTarsLogAsync(channel, id, TarsLogPoller.ParseSize(reply.FileData), zone, cancellationToken);
    }

    private static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadTarsLogAsync(TarsLogChannel channel, LogSourceId id, long size,
        TimeZoneInfo zone, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var assembler = TarsLogPoller.NewAssembler(id.ToString(), zone);
        for (long offset = 0; offset < size;)
        {
            var count = (int)Math.Min(size - offset, TarsLogPoller.MaxReadBytes);
            var reply = await channel.ReadAsync(id, TarsLogCommand.Range(offset, count), cancellationToken).ConfigureAwait(false);
            ThrowIfRefused(reply.Ret, id);
            var lines = new List<LogLine>();
            assembler.Append(System.Text.Encoding.UTF8.GetBytes(reply.FileData), lines);
            offset += count;
            if (lines.Count > 0)
            {
                yield return lines;
            }
        }

        var last = new List<LogLine>();
        assembler.Flush(last);
        if (last.Count > 0)
        {
            yield return last;
        }
    }

    private static void ThrowIfRefused(int ret, LogSourceId id)
    {
        if (ret == Tars.AdminRegistry.TarsErrCode.Unknown)
        {
            throw new KeyNotFoundException($"{id.LogFile} of {id.Application}.{id.Server} does not exist on {id.Node}.");
        }

        if (ret != 0)
        {
            throw new IOException($"tarsnode could not read {id.LogFile} on {id.Node} ({Tars.AdminRegistry.TarsErrCode.NameOf(ret)}).");
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadLinesAsync(MultiplexedStream stream, bool multiplexed, LogSourceId id,
        LineAssemblerOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new EngineOutputReader(stream, multiplexed);
        // Not every transport's read honours the token; closing the response ends any read.
        await using var stop = cancellationToken.Register(reader.Dispose).ConfigureAwait(false);
        var assembler = new DockerFrameLineAssembler(id.ToString(), options);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            while (true)
            {
                var lines = new List<LogLine>();
                var read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    assembler.Flush(lines);
                    if (lines.Count > 0)
                    {
                        yield return lines;
                    }

                    yield break;
                }

                assembler.Append(buffer.AsSpan(0, read), lines);
                if (lines.Count > 0)
                {
                    yield return lines;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
