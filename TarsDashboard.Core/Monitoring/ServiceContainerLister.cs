using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Monitoring;

/// <summary>The running service containers (named <c>App.Server</c>) of every node with an engine, and which nodes answered.</summary>
/// <param name="Answered">Nodes whose engine listed its containers: only there does a missing container mean it went away.</param>
public sealed record ServiceContainerListing(IReadOnlySet<ContainerKey> Running, IReadOnlySet<string> Answered);

/// <summary>
/// Lists the running service containers on all engines. The recorder and the log pattern rules learn of starts and
/// removals from the one engine event stream; this full listing is their start-up view and slow safety net.
/// </summary>
internal sealed class ServiceContainerLister(NodeRepository nodes, DockerClientPool pool, ILogger<ServiceContainerLister> logger)
{
    public async Task<ServiceContainerListing> ListAsync(CancellationToken cancellationToken = default)
    {
        var found = new HashSet<ContainerKey>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in (await nodes.ListAsync(cancellationToken).ConfigureAwait(false)).Where(n => n.HasEngine))
        {
            try
            {
                var containers = await pool.For(node).Containers.ListContainersAsync(new ContainersListParameters(), cancellationToken)
                    .ConfigureAwait(false);
                answered.Add(node.NodeName);
                foreach (var container in containers)
                {
                    var name = container.Names?.FirstOrDefault()?.TrimStart('/');
                    // Service containers are named App.Server, by the dashboard and on tarsnode's nodes alike.
                    if (IsServiceContainer(name))
                    {
                        found.Add(new ContainerKey(node.NodeName, name!));
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogDebug(exception, "Node {Node} did not list its containers", node.NodeName);
            }
        }

        return new ServiceContainerListing(found, answered);
    }

    public static bool IsServiceContainer(string? name) => LogSourceId.TryParseServiceName(name, out _, out _);
}
