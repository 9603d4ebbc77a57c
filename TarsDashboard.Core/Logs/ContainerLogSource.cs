using System.Buffers;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Follows a container's stdout and stderr: <c>GET /containers/{id}/logs?follow=1&amp;timestamps=1</c> on the node's
/// shared client, the raw frames through a <see cref="DockerFrameLineAssembler"/> (raw mode for a TTY container).
/// When the stream ends (container stopped or restarted, engine gone) it reconnects with back-off and resumes with
/// <c>since=</c> its last timestamp, dropping the repeated boundary lines, so the view has no gap and no duplicate.
/// </summary>
internal sealed class ContainerLogSource(LogSourceId id, NodeRepository nodes, DockerClientPool pool, LogOptions options, ILogger logger,
    TimeProvider clock)
    : LogPump(id, nodes, pool, options, logger, clock)
{
    private const int ReadBufferSize = 64 * 1024;
    private const int MaxBatchLines = 4096;

    private readonly ContainerResumePoint _resume = new();
    private bool _historyDone;
    private DateTimeOffset? _followedSince;

    protected override string LostMessage(Exception exception) =>
        $"Lost the log stream of {Id.Container} on {Id.Node} ({Describe(exception)}); reconnecting.";

    protected override async Task<TimeSpan> FollowOnceAsync(LogSourceWriter writer, LogHistory history, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(writer, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            MarkHistoryRead();
            return Retry.Next();
        }

        var container = await client.Containers.InspectContainerAsync(Id.Container, cancellationToken).ConfigureAwait(false);
        var tty = container.Config?.Tty == true;
        if (!_historyDone)
        {
            if (history.TailLines > 0)
            {
                var since = history.Since is { } from ? ContainerResumePoint.FormatSince(from) : null;
                await ReadAsync(client, tty, Parameters(follow: false, history.TailLines.ToString(CultureInfo.InvariantCulture), since),
                    writer, cancellationToken).ConfigureAwait(false);
            }

            _historyDone = true;
            MarkHistoryRead();
        }

        var (tail, sinceText) = FollowFrom(history);
        _followedSince ??= Clock.GetUtcNow().AddSeconds(-1);
        _resume.BeginResume();
        if (container.State?.Running == true)
        {
            Recovered(writer, $"Following {Id.Container} on {Id.Node} again.");
        }

        // On a stopped container this returns at once, with the lines written before it stopped.
        var delivered = await ReadAsync(client, tty, Parameters(follow: true, tail, sinceText), writer, cancellationToken).ConfigureAwait(false);
        if (delivered > 0)
        {
            Retry.Reset();
        }

        // The stream ended by itself: the container stopped (or restarted), or the engine closed it.
        var state = (await client.Containers.InspectContainerAsync(Id.Container, cancellationToken).ConfigureAwait(false)).State;
        if (state?.Running == true)
        {
            return delivered > 0 ? TimeSpan.Zero : Retry.Next();
        }

        Report(writer, $"Container {Id.Container} stopped (exit code {state?.ExitCode}); waiting for it to start.", LogSeverity.Warn);
        return PollInterval;
    }

    // From where the view ends; with nothing seen yet, from the history's start (it was empty) or, when no history
    // was asked for, from now (and after a reconnect, from when following began, by the dashboard's clock).
    private (string Tail, string? Since) FollowFrom(LogHistory history)
    {
        if (_resume.Since is { } last)
        {
            return ("all", last);
        }

        if ((history.Since ?? _followedSince) is { } from)
        {
            return ("all", ContainerResumePoint.FormatSince(from));
        }

        return (history.TailLines > 0 ? "all" : "0", null);
    }

    private static ContainerLogsParameters Parameters(bool follow, string tail, string? since) => new()
    {
        ShowStdout = true,
        ShowStderr = true,
        Timestamps = true,
        Follow = follow,
        Tail = tail,
        Since = since,
    };

    // Reads one logs response to its end; returns how many new lines it added.
    private async Task<int> ReadAsync(IDockerClient client, bool tty, ContainerLogsParameters parameters, LogSourceWriter writer,
        CancellationToken cancellationToken)
    {
        using var stream = await client.Containers.GetContainerLogsAsync(Id.Container, parameters, cancellationToken).ConfigureAwait(false);
        using var reader = new EngineOutputReader(stream, multiplexed: !tty);
        // Not every transport's read honours the token; closing the response ends any read.
        await using var stop = cancellationToken.Register(reader.Dispose).ConfigureAwait(false);
        var assembler = new DockerFrameLineAssembler(Id.ToString(), new LineAssemblerOptions
        {
            Mode = tty ? DockerStreamMode.Raw : DockerStreamMode.Multiplexed,
            Timestamps = true,
        });
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var lines = new List<LogLine>();
        var added = 0;
        try
        {
            while (true)
            {
                // The engine sends a frame per log line; lines are handed on in batches, whenever the next read
                // would wait (so a live line is never held back) or a batch is full.
                var pending = reader.ReadAsync(buffer, cancellationToken);
                if (!pending.IsCompleted && lines.Count > 0)
                {
                    added += Deliver(lines, writer);
                }

                var read = await pending.ConfigureAwait(false);
                if (read == 0)
                {
                    // A clean end: a last line without '\n' is complete. (After a failure it is dropped instead;
                    // the resumed stream sends it again whole.)
                    assembler.Flush(lines);
                    added += Deliver(lines, writer);
                    return added;
                }

                assembler.Append(buffer.AsSpan(0, read), lines);
                if (lines.Count >= MaxBatchLines)
                {
                    added += Deliver(lines, writer);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Deliver(List<LogLine> lines, LogSourceWriter writer)
    {
        _resume.Filter(lines);
        var count = lines.Count;
        writer.Append(lines);
        lines.Clear();
        return count;
    }
}
