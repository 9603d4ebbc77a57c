using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Core.Logs;
using TarsDashboard.Hubs;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.Logs;

/// <summary>One pass over the same container's whole log by each path, timed from the request to the last line in hand.</summary>
internal static class Throughput
{
    public static async Task<TimeSpan> RawAsync(DockerEngineInstance engine, BenchContainer container, long expected, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lines = await RawLogRead.CountLinesAsync(engine, container.Id, cancellationToken);
        return Check(watch, lines, expected, "raw read");
    }

    public static async Task<TimeSpan> AssemblerAsync(DockerEngineInstance engine, BenchContainer container, long expected,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lines = await RawLogRead.AssembleLinesAsync(engine, container.Id, cancellationToken);
        return Check(watch, lines, expected, "assembler");
    }

    /// <summary>A fresh source through <see cref="LogStreamManager"/> (Docker.DotNet, assembler, numbering, ring buffer) read by one follower.</summary>
    public static async Task<TimeSpan> CoreAsync(LogDashboard dashboard, BenchContainer container, int expected, CancellationToken cancellationToken)
    {
        await dashboard.WaitForIdleAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        long lines = 0;
        await using (var subscription = await dashboard.Logs.OpenAsync(LogDashboard.Admin, LogSourceId.Parse(LogDashboard.SourceId(container)),
            new LogFollowOptions { TailLines = expected }, cancellationToken))
        {
            await foreach (var batch in subscription.FollowAsync(maxBatch: 10_000, cancellationToken))
            {
                lines += batch.Lines.Count(l => l.Stream != LogStream.System);
                if (lines >= expected)
                {
                    break;
                }
            }
        }

        return Check(watch, lines, expected, "Core");
    }

    /// <summary>A fresh source streamed through <c>/hubs/live</c> to a SignalR client (JSON protocol, WebSockets).</summary>
    public static async Task<TimeSpan> HubAsync(LogDashboard dashboard, HubConnection connection, BenchContainer container, int expected,
        CancellationToken cancellationToken)
    {
        await dashboard.WaitForIdleAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Stopwatch.StartNew();
        long lines = 0;
        await foreach (var item in connection.StreamAsync<LogLineDto>("StreamLogs", LogDashboard.SourceId(container), 0L, expected, stop.Token))
        {
            if (item.IsGap)
            {
                throw new InvalidOperationException($"The hub client was told it missed {item.Missed} lines; the buffer must hold them all.");
            }

            if (item.Stream != nameof(LogStream.System) && ++lines >= expected)
            {
                break;
            }
        }

        var elapsed = Check(watch, lines, expected, "hub");
        await stop.CancelAsync();
        return elapsed;
    }

    private static TimeSpan Check(Stopwatch watch, long lines, long expected, string path)
    {
        watch.Stop();
        return lines == expected
            ? watch.Elapsed
            : throw new InvalidOperationException($"The {path} path delivered {lines} lines, expected {expected}.");
    }
}
