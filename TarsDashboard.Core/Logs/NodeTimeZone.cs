using Docker.DotNet;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The zone of the stamps in a node's log files. Tars writes local time without a zone, and tarsnode (like the
/// dashboard) mounts the node's <c>/etc/localtime</c> into each service container, so a file's
/// <c>2026-12-04 12:00:00</c> is the node's local time: 04:00 UTC on a node in China. Read as UTC, its lines would sit
/// hours away from the container output they are merged with, and outside the history ranges that hold them.
/// <list type="number">
/// <item><see cref="LogOptions.FileTimeZone"/>, where it is set, for every node.</item>
/// <item>Otherwise the engine's own offset: <c>/info</c>'s <c>SystemTime</c> is the daemon's local time with its offset.</item>
/// <item>Without an engine that answers, the dashboard's zone (a framework and its dashboard usually share a region).</item>
/// </list>
/// </summary>
internal static class NodeTimeZone
{
    private static readonly TimeSpan InfoTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The zone of <paramref name="node"/>'s files, or null when its engine did not answer this time (use the
    /// dashboard's zone for now, ask again later). Its engine is asked only where the setting names no zone.
    /// </summary>
    public static Task<TimeZoneInfo?> ForNodeAsync(NodeRow? node, DockerClientPool pool, LogOptions options, ILogger logger,
        CancellationToken cancellationToken) =>
        ResolveAsync(options.ConfiguredFileTimeZone() is null && node is { HasEngine: true } ? pool.For(node) : null, options, logger, cancellationToken);

    /// <summary>The zone, or null when the node's engine did not answer this time (use the dashboard's zone for now, ask again later).</summary>
    private static async Task<TimeZoneInfo?> ResolveAsync(IDockerClient? engine, LogOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.ConfiguredFileTimeZone() is { } configured)
        {
            return configured;
        }

        if (engine is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InfoTimeout);
            try
            {
                var info = await engine.System.GetSystemInfoAsync(timeout.Token).ConfigureAwait(false);
                if (FromSystemTime(info.SystemTime) is { } zone)
                {
                    return zone;
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "The engine's time zone is unknown for now; log file times are read in the dashboard's zone");
                return null;
            }
        }

        return TimeZoneInfo.Local;
    }

    /// <summary>A fixed zone at the offset of the engine's <c>SystemTime</c> (RFC 3339 with its offset), or null when it has none.</summary>
    public static TimeZoneInfo? FromSystemTime(string? systemTime)
    {
        // A stamp without a zone would only repeat the fallback.
        if (string.IsNullOrEmpty(systemTime) || !TimestampParser.TryParseRfc3339(systemTime.AsSpan().Trim(), out var at))
        {
            return null;
        }

        var offset = at.Offset;
        if (offset == TimeSpan.Zero)
        {
            return TimeZoneInfo.Utc;
        }

        var name = "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }
}
