using System.Buffers;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Follows a file inside a container with an exec of <c>tail -n N -F &lt;path&gt;</c> (or <c>busybox tail</c> where the
/// image has no tail), given as an argument vector: the path never meets a shell. <c>-F</c> keeps following across
/// Tars's log rolling. When the exec ends (container restarted, engine gone) it starts again and skips what the
/// view already has (<see cref="FileResumeMatcher"/>).
/// </summary>
internal sealed class ContainerFileLogSource(LogSourceId id, NodeRepository nodes, DockerClientPool pool, LogOptions options, ILogger logger,
    TimeProvider clock)
    : LogPump(id, nodes, pool, options, logger, clock)
{
    private const int ReadBufferSize = 64 * 1024;
    private const int AnchorLines = 8;
    private const int MaxBatchLines = 4096;

    // The re-read window normally arrives within milliseconds; a file shorter than the window never fills it.
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(1);

    private readonly Queue<string> _recent = new();
    private string[]? _tail;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private bool _historyDone;
    private bool _followed;

    /// <summary>The <c>*.log</c> files directly in <paramref name="directory"/> inside the container, sorted by path.</summary>
    public static async Task<IReadOnlyList<LogFileInfo>> ListLogFilesAsync(IDockerClient client, string node, string container, string directory,
        CancellationToken cancellationToken)
    {
        var result = await ContainerExec.RunToolAsync(client, container, "find",
            [directory, "-maxdepth", "1", "-type", "f", "-name", "*.log"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return result.Stderr.Contains("No such file", StringComparison.Ordinal)
                ? []
                : throw new IOException($"Listing {directory} in {container} failed (exit code {result.ExitCode}): {result.Stderr.Trim()}");
        }

        var files = new List<LogFileInfo>();
        foreach (var path in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A name the id rules refuse (control characters) cannot be followed, so it is not offered.
            if (LogSourceId.TryParse($"file:{node}:{container}:{path}", out var fileId, out _))
            {
                var (size, modified) = await StatAsync(client, container, path, cancellationToken).ConfigureAwait(false);
                files.Add(new LogFileInfo(path, fileId, size, modified));
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    // The engine's own stat (the archive API's header), so no tool beyond find is needed in the container. Rotated
    // files (App.Server_YYYYMMDD.log) are listed like the live one; size and time tell them apart.
    internal static async Task<(long? Size, DateTimeOffset? Modified)> StatAsync(IDockerClient client, string container, string path,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.Containers.GetArchiveFromContainerAsync(container,
                new ContainerPathStatParameters { Path = path }, statOnly: true, cancellationToken).ConfigureAwait(false);
            // The engine sends RFC 3339 times; a time without a zone is the engine's UTC.
            return response.Stat is { } stat
                ? (stat.Size, new DateTimeOffset(stat.Mtime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(stat.Mtime, DateTimeKind.Utc) : stat.Mtime))
                : (null, null);
        }
        catch (DockerApiException)
        {
            return (null, null);
        }
    }

    protected override string LostMessage(Exception exception) =>
        $"Lost {Id.Path} in {Id.Container} on {Id.Node} ({Describe(exception)}); reconnecting.";

    protected override async Task<TimeSpan> FollowOnceAsync(LogSourceWriter writer, LogHistory history, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(writer, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            MarkHistoryRead();
            return Retry.Next();
        }

        var container = await client.Containers.InspectContainerAsync(Id.Container, cancellationToken).ConfigureAwait(false);
        if (container.State?.Running != true)
        {
            // exec needs a running container.
            MarkHistoryRead();
            Report(writer, $"Container {Id.Container} is not running; waiting for it to start.", LogSeverity.Warn);
            return PollInterval;
        }

        _tail ??= await ContainerExec.ResolveToolAsync(client, Id.Container, "tail", ["-n", "0", "/dev/null"], cancellationToken)
            .ConfigureAwait(false);
        _zone = await FileTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        if (!_historyDone)
        {
            if (history.TailLines > 0)
            {
                await TailAsync(client, ["-n", Number(history.TailLines)], follow: false, matcher: null, writer, cancellationToken)
                    .ConfigureAwait(false);
            }

            _historyDone = true;
            MarkHistoryRead();
        }

        // Right after a history of 0 lines only new lines are wanted; otherwise a window is re-read and what the view
        // has is skipped (with no line seen yet, everything in the window is new).
        var window = Options.FileResumeLines;
        var (count, matcher) = !_followed && history.TailLines == 0
            ? ("0", null)
            : (Number(window), _recent.Count > 0 ? new FileResumeMatcher([.. _recent], window, Clock.GetUtcNow() + ResumeDeadline) : null);
        _followed = true;
        Recovered(writer, $"Following {Id.Path} in {Id.Container} on {Id.Node} again.");
        if (await TailAsync(client, ["-n", count], follow: true, matcher, writer, cancellationToken).ConfigureAwait(false) > 0)
        {
            Retry.Reset();
        }

        // tail -F never ends by itself: the container stopped, the engine dropped, or tail was killed.
        return Retry.Next();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Runs tail to its end (history) or until it fails or is cancelled (follow); returns how many lines it added.
    private async Task<int> TailAsync(IDockerClient client, string[] lineCount, bool follow, FileResumeMatcher? matcher, LogSourceWriter writer,
        CancellationToken cancellationToken)
    {
        string[] argv = follow ? [.. _tail!, .. lineCount, "-F", Id.Path] : [.. _tail!, .. lineCount, Id.Path];
        var exec = await client.Exec.CreateContainerExecAsync(Id.Container, ContainerExec.Parameters(argv), cancellationToken).ConfigureAwait(false);
        using var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken)
            .ConfigureAwait(false);
        using var reader = new EngineOutputReader(stream, multiplexed: true);
        await using var stop = cancellationToken.Register(reader.Dispose).ConfigureAwait(false);
        var process = follow ? ContainerExec.FindProcessAsync(client, Id.Container, argv, CancellationToken.None) : null;
        var assembler = new DockerFrameLineAssembler(Id.ToString(), new LineAssemblerOptions { Mode = DockerStreamMode.Multiplexed, LocalTimeZone = _zone });
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var lines = new List<LogLine>();
        var output = new List<LogLine>();
        var added = 0;
        Task<int>? pending = null;
        try
        {
            while (true)
            {
                pending ??= reader.ReadAsync(buffer, cancellationToken).AsTask();
                if (!pending.IsCompleted && output.Count > 0)
                {
                    added += Deliver(output, writer); // batches, but never holds a line back while waiting
                }

                if (matcher is { IsDeciding: true })
                {
                    var left = matcher.Deadline - Clock.GetUtcNow();
                    if (left > TimeSpan.Zero)
                    {
                        await Task.WhenAny(pending, Task.Delay(left, Clock, cancellationToken)).ConfigureAwait(false);
                    }

                    if (!pending.IsCompleted)
                    {
                        added += Decide(matcher, output, writer);
                        continue;
                    }
                }

                var read = await pending.ConfigureAwait(false);
                pending = null;
                if (read == 0)
                {
                    assembler.Flush(lines);
                }
                else
                {
                    assembler.Append(buffer.AsSpan(0, read), lines);
                }

                if (matcher is not null)
                {
                    var deciding = matcher.IsDeciding;
                    matcher.Add(lines, output);
                    if (deciding && !matcher.IsDeciding)
                    {
                        WarnIfLost(matcher, writer);
                    }
                }
                else
                {
                    output.AddRange(lines);
                }

                lines.Clear();
                if (read == 0)
                {
                    return added + (matcher is null ? 0 : Decide(matcher, output, writer)) + Deliver(output, writer);
                }

                if (output.Count >= MaxBatchLines)
                {
                    added += Deliver(output, writer);
                }
            }
        }
        finally
        {
            if (pending is { IsCompleted: false })
            {
                // The buffer goes back to the pool only once no read can still write into it.
                reader.Dispose();
                await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                    .ConfigureAwait(false);
            }

            ArrayPool<byte>.Shared.Return(buffer);
            if (process is not null)
            {
                await EndProcessAsync(client, process).ConfigureAwait(false);
            }
        }
    }

    // tail -F outlives the exec's connection (the engine keeps draining its output), so it is ended explicitly.
    private async Task EndProcessAsync(IDockerClient client, Task<int?> process)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (await process.WaitAsync(timeout.Token).ConfigureAwait(false) is { } pid)
            {
                await ContainerExec.KillAsync(client, Id.Container, pid, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // The container stopped (taking tail with it) or the engine is gone; nothing is left to end.
            Logger.LogDebug(exception, "Could not end the tail of {Source}", Id);
        }
    }

    private int Decide(FileResumeMatcher matcher, List<LogLine> output, LogSourceWriter writer)
    {
        if (!matcher.IsDeciding)
        {
            return 0;
        }

        matcher.Decide(output);
        WarnIfLost(matcher, writer);
        return Deliver(output, writer);
    }

    private void WarnIfLost(FileResumeMatcher matcher, LogSourceWriter writer)
    {
        if (!matcher.Found)
        {
            writer.AppendSystem($"Could not find where {Id.Path} left off (rolled over, or more than {Options.FileResumeLines} lines "
                + "written meanwhile): lines may be missing or shown twice.", LogSeverity.Warn);
        }
    }

    private int Deliver(List<LogLine> output, LogSourceWriter writer)
    {
        foreach (var line in output)
        {
            if (line.Stream == LogStream.Stdout)
            {
                _recent.Enqueue(line.Text);
                if (_recent.Count > AnchorLines)
                {
                    _recent.Dequeue();
                }
            }
        }

        var count = output.Count;
        writer.Append(output);
        output.Clear();
        return count;
    }
}
