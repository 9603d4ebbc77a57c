using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;

namespace TarsDashboard.Core.Nodes;

/// <summary>
/// Reads who owns each node's services (<see cref="NodeOwnership"/>): the node's registration and its tarsnode
/// heartbeat, aged by the database's clock against <c>Framework:HeartbeatFreshSeconds</c>. No caller check: Core
/// services use it to decide; pages go through <see cref="NodeService"/>.
/// </summary>
internal sealed class NodeOwnershipReader
{
    private readonly NodeRepository nodes;
    private readonly NodeInfoRepository nodeInfo;
    private readonly IOptions<FrameworkOptions> options;

    internal NodeOwnershipReader(
        NodeRepository nodes,
        NodeInfoRepository nodeInfo,
        IOptions<FrameworkOptions> options)
    {
        this.nodes = nodes;
        this.nodeInfo = nodeInfo;
        this.options = options;
    }

    public int FreshSeconds => options.Value.HeartbeatFreshSeconds;

    public async Task<NodeOwnership> ForNodeAsync(string nodeName, CancellationToken cancellationToken = default)
    {
        var node = await nodes.GetAsync(nodeName, cancellationToken);
        var heartbeat = await nodeInfo.GetHeartbeatAsync(nodeName, FreshSeconds, cancellationToken);
        return new NodeOwnership(nodeName, node?.Management, heartbeat);
    }

    /// <summary>The ownership of each of <paramref name="nodeNames"/>, by name, in two reads however many nodes.</summary>
    public async Task<IReadOnlyDictionary<string, NodeOwnership>> ForNodesAsync(IEnumerable<string> nodeNames,
        CancellationToken cancellationToken = default)
    {
        var names = nodeNames.Distinct(StringComparer.Ordinal).ToList();
        var registered = (await nodes.ListAsync(names, cancellationToken)).ToDictionary(n => n.NodeName, n => n.Management, StringComparer.Ordinal);
        var heartbeats = (await nodeInfo.ListHeartbeatsAsync(names, FreshSeconds, cancellationToken))
            .GroupBy(h => h.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return names.ToDictionary(name => name, name => new NodeOwnership(name, registered.GetValueOrDefault(name), heartbeats.GetValueOrDefault(name)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether a tarsnode owns every one of the nodes: their instances go to tarsAdminRegistry. Null when some nodes are
    /// the dashboard's and some a tarsnode's (one task is never half of each), false when none is a tarsnode's.
    /// </summary>
    public static bool? AllTarsnodes(IReadOnlyDictionary<string, NodeOwnership> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var tarsnodes = owners.Values.Count(o => o.Owner == InstanceOwner.Tarsnode);
        return tarsnodes == 0 ? false : tarsnodes == owners.Count ? true : null;
    }

    /// <summary>The ownership of every registered node and of every node t_node_info knows, by name.</summary>
    public async Task<IReadOnlyDictionary<string, NodeOwnership>> ListAsync(CancellationToken cancellationToken = default)
    {
        var registered = (await nodes.ListAsync(cancellationToken)).ToDictionary(n => n.NodeName, n => n.Management, StringComparer.Ordinal);
        var heartbeats = (await nodeInfo.ListHeartbeatsAsync(FreshSeconds, cancellationToken))
            .GroupBy(h => h.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return registered.Keys.Union(heartbeats.Keys, StringComparer.Ordinal).ToDictionary(
            name => name,
            name => new NodeOwnership(name, registered.GetValueOrDefault(name), heartbeats.GetValueOrDefault(name)),
            StringComparer.Ordinal);
    }
}
