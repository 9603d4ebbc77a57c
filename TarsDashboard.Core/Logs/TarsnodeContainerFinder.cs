using Docker.DotNet;
using Docker.DotNet.Models;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Finds the running container that holds a node's tarsnode (the framework's <c>tarscloud/tars-node</c>, the one the
/// add-node wizard starts, or the framework container, which runs one too), most certain first: our own
/// <c>tars.role=tarsnode</c> label, an image named <c>tars-node</c>/<c>tarsnode</c>, a container named so; else the
/// first of a few other containers that has tarsnode's own log file at its usual path (asked with <c>test -f</c> as an
/// argument vector). Service containers (named <c>App.Server</c>) are never taken: they mount the whole log folder.
/// </summary>
internal static class TarsnodeContainerFinder
{
    /// <summary>The label the add-node wizard puts on the tarsnode container it starts.</summary>
    public const string RoleLabel = "tars.role";

    public const string RoleValue = "tarsnode";

    // Each probe is an exec; a node with many non-service containers is not searched to the end.
    private const int MaxProbes = 12;

    private static readonly string[] NameMarks = ["tars-node", "tarsnode", "tars_node"];

    /// <summary>The container's name, or null when none looks like tarsnode's.</summary>
    public static async Task<string?> FindAsync(IDockerClient client, string tarsnodeLogPath, CancellationToken cancellationToken)
    {
        var running = (await client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, cancellationToken)
                .ConfigureAwait(false))
            .Select(c => (Container: c, Name: NameOf(c)))
            .Where(c => c.Name is not null && !LogSourceId.TryParseServiceName(c.Name, out _, out _))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var byMark = running.FirstOrDefault(c => c.Container.Labels?.TryGetValue(RoleLabel, out var role) == true && role == RoleValue).Name
            ?? running.FirstOrDefault(c => HasMark(c.Container.Image)).Name
            ?? running.FirstOrDefault(c => HasMark(c.Name)).Name;
        if (byMark is not null)
        {
            return byMark;
        }

        foreach (var (_, name) in running.Take(MaxProbes))
        {
            try
            {
                var probe = await ContainerExec.RunToolAsync(client, name!, "test", ["-f", tarsnodeLogPath], cancellationToken).ConfigureAwait(false);
                if (probe.ExitCode == 0)
                {
                    return name;
                }
            }
            catch (DockerApiException)
            {
                // Stopped meanwhile, or exec refused: not this one.
            }
        }

        return null;
    }

    private static bool HasMark(string? text) =>
        text is not null && NameMarks.Any(mark => text.Contains(mark, StringComparison.OrdinalIgnoreCase));

    // The name a log source id can carry (Docker lists names with a leading '/').
    private static string? NameOf(ContainerListResponse container)
    {
        var name = container.Names?.Select(n => n.TrimStart('/')).FirstOrDefault(n => !n.Contains('/'));
        return name is not null && LogSourceId.TryParse($"container:node:{name}", out _, out _) ? name : null;
    }
}
