using System.Globalization;
using System.Text;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Hubs;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// Live latency from a line written in a container to a SignalR client. busybox's date has no %N, so the writer is
/// this process: the container runs <c>busybox cat</c> with stdin attached, the probe writes "lat N ticks" lines into
/// it with the host clock's ticks at the moment of writing, and cat echoes each to its stdout, from where it takes the
/// real path (engine log driver, logs endpoint, Core, hub, WebSocket). Sender and receiver share one clock, so
/// receive time minus the embedded ticks is exact; Docker's own timestamp of the line splits it into the container
/// plus engine part and the dashboard part.
/// </summary>
internal static class LatencyProbe
{
    public sealed record Result(Percentiles Hub, Percentiles Core, Percentiles EngineShare, Percentiles DashboardShare, int Sent);

    public static async Task<Result> RunAsync(LogLab lab, LogDashboard dashboard, int samples, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var container = await BenchContainer.StartAsync(lab.Engine, "Lat.Probe", ["busybox", "cat"], openStdin: true,
            cancellationToken: cancellationToken);
        using var docker = DockerClientPool.Create(lab.Engine.Endpoint, "");
        using var stdin = await docker.Containers.AttachContainerAsync(container.Id,
            new ContainerAttachParameters { Stream = true, Stdin = true }, cancellationToken);

        var hub = new List<double>();
        var core = new List<double>();
        var engineShare = new List<double>();
        var dashboardShare = new List<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var connection = await dashboard.ConnectAsync(cancellationToken);
        var hubReader = Task.Run(async () =>
        {
            await foreach (var item in connection.StreamAsync<LogLineDto>("StreamLogs", LogDashboard.SourceId(container), 0L, 0, stop.Token))
            {
                var now = DateTime.UtcNow.Ticks;
                if (Sent(item.Text) is { } sent && item.Timestamp is { } stamp)
                {
                    lock (hub)
                    {
                        hub.Add(Ms(now - sent));
                        engineShare.Add(Ms(stamp.UtcTicks - sent));
                        dashboardShare.Add(Ms(now - stamp.UtcTicks));
                    }
                }
            }
        }, CancellationToken.None);
        await using var subscription = await dashboard.Logs.OpenAsync(LogDashboard.Admin, LogSourceId.Parse(LogDashboard.SourceId(container)),
            new LogFollowOptions { TailLines = 0 }, cancellationToken);
        var coreReader = Task.Run(async () =>
        {
            await foreach (var batch in subscription.FollowAsync(cancellationToken: stop.Token))
            {
                var now = DateTime.UtcNow.Ticks;
                foreach (var line in batch.Lines)
                {
                    if (Sent(line.Text) is { } sent)
                    {
                        lock (core)
                        {
                            core.Add(Ms(now - sent));
                        }
                    }
                }
            }
        }, CancellationToken.None);

        await Task.Delay(1000, cancellationToken); // both readers are following
        for (var i = 0; i < samples; i++)
        {
            var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"lat {i} {DateTime.UtcNow.Ticks}\n"));
            await stdin.WriteAsync(line, 0, line.Length, cancellationToken);
            await Task.Delay(interval, cancellationToken);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && (Count(hub) < samples || Count(core) < samples))
        {
            await Task.Delay(50, cancellationToken);
        }

        await stop.CancelAsync();
        await Task.WhenAll(hubReader, coreReader).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return new Result(Percentiles.Of(hub), Percentiles.Of(core), Percentiles.Of(engineShare), Percentiles.Of(dashboardShare), samples);
    }

    private static int Count(List<double> values)
    {
        lock (values)
        {
            return values.Count;
        }
    }

    private static long? Sent(string text)
    {
        var parts = text.Split(' ');
        return parts is ["lat", _, var ticks] && long.TryParse(ticks, CultureInfo.InvariantCulture, out var sent) ? sent : null;
    }

    private static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;
}
