using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Releases;

/// <summary>
/// Watches one upgraded instance for the batch's wait: its container stays the same one, running, not restarted, not
/// OOM-killed, and (when asked) prints no line matching the log pattern. Where no engine shows the container (a
/// tarsnode's node without one), tarsnode's own word through tarsAdminRegistry must stay "active".
/// </summary>
internal sealed class InstanceHealthGate(DockerClientPool clients, NodeRepository nodes, FrameworkStateReader framework, TimeProvider clock,
    IOptions<ReleaseOptions> options)
{
    // How often the instance is looked at during the wait; a restart between looks still shows in its count.
    private TimeSpan PollInterval => TimeSpan.FromSeconds(options.Value.GatePollSeconds);

    public async Task<GateVerdict> WatchAsync(Caller caller, ServerConfRow row, DateTimeOffset upSince, TimeSpan wait, Regex? logPattern,
        CancellationToken cancellationToken)
    {
        var node = await nodes.GetAsync(row.NodeName, cancellationToken);
        if (node is { HasEngine: true })
        {
            var client = clients.For(node);
            ContainerInspectResponse? first;
            try
            {
                first = await client.Containers.InspectContainerAsync(row.ServiceId, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                first = null;
            }

            if (first is not null)
            {
                return await WatchContainerAsync(client, row, first, upSince, wait, logPattern, cancellationToken);
            }
        }

        return await WatchFrameworkAsync(caller, row, wait, cancellationToken);
    }

    private async Task<GateVerdict> WatchContainerAsync(IDockerClient client, ServerConfRow row, ContainerInspectResponse first, DateTimeOffset upSince,
        TimeSpan wait, Regex? logPattern, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        var logsFrom = upSince;
        var current = first;
        while (true)
        {
            if (Problem(first, current) is { } problem)
            {
                return GateVerdict.Fail(problem);
            }

            if (logPattern is not null)
            {
                var to = clock.GetUtcNow();
                if (await FirstMatchAsync(client, row, logsFrom, to, logPattern, cancellationToken) is { } line)
                {
                    return GateVerdict.Fail($"the container printed a line matching the log pattern: {Shorten(line)}");
                }

                logsFrom = to;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return GateVerdict.Pass(
                    $"running for {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s without a restart" +
                    (logPattern is null ? "" : " or a matching log line"));
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
            try
            {
                current = await client.Containers.InspectContainerAsync(row.ServiceId, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                return GateVerdict.Fail("the container was removed during the wait");
            }
        }
    }

    // What is wrong with the container now, compared with how the wait found it; null while it is well.
    private static string? Problem(ContainerInspectResponse first, ContainerInspectResponse now)
    {
        if (now.State is { OOMKilled: true })
        {
            return "the container was killed for using too much memory (OOM)";
        }

        if (now.State is not { Running: true })
        {
            var code = now.State?.ExitCode ?? 0;
            return $"the container is not running (exit code {code.ToString(CultureInfo.InvariantCulture)})";
        }

        if (now.ID != first.ID)
        {
            return "the container was replaced during the wait";
        }

        if (now.RestartCount > first.RestartCount || now.State.StartedAt != first.State?.StartedAt)
        {
            return "the container restarted during the wait";
        }

        return null;
    }

    private static async Task<string?> FirstMatchAsync(IDockerClient client, ServerConfRow row, DateTimeOffset from, DateTimeOffset to, Regex pattern,
        CancellationToken cancellationToken)
    {
        var range = LogTimeRange.TryCreate(from, to < from ? from : to, out _);
        var id = LogSourceId.ForContainer(row.NodeName, row.ServiceId);
        await foreach (var batch in FullLogReader.ReadContainerAsync(client, id, range, cancellationToken))
        {
            if (batch.FirstOrDefault(line => pattern.IsMatch(line.Text)) is { } match)
            {
                return match.Text;
            }
        }

        return null;
    }

    private async Task<GateVerdict> WatchFrameworkAsync(Caller caller, ServerConfRow row, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            var state = await framework.GetAsync(caller, row, cancellationToken);
            if (!state.IsComplete)
            {
                return GateVerdict.Fail($"the framework could not tell the state: {state.Problem}");
            }

            if (state.PresentState != PresentStates.Active)
            {
                return GateVerdict.Fail($"tarsnode reports the instance {state.PresentStateInNode}");
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return GateVerdict.Pass($"active for {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s as tarsnode reports it");
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
