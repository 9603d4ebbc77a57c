namespace TarsDashboard.Core.Nodes;

/// <summary>
/// Who owns the services of one node name, from the two facts that decide it: how the dashboard registered the node
/// (<c>tdash_node.management</c>, null when not registered) and the node's tarsnode heartbeat in <c>t_node_info</c>.
/// </summary>
/// <remarks>
/// The rule lives in <see cref="Decide"/>; <c>ServerConfRepository.SetStateIfDashboardOwnedAsync</c> repeats it as SQL
/// so a state write decides in the same statement that writes. Change both together.
/// </remarks>
public sealed record NodeOwnership(string NodeName, string? Management, NodeHeartbeat? Heartbeat)
{
    public InstanceOwner Owner => Decide(Management, Heartbeat?.IsFresh == true);

    public bool IsRegistered => Management is not null;

    /// <summary>
    /// Tarsnode-managed: tarsnode's. A fresh heartbeat: tarsnode's when the dashboard does not know the node, a
    /// conflict when it registered the node as engine-managed. Otherwise the dashboard's.
    /// </summary>
    public static InstanceOwner Decide(string? management, bool freshHeartbeat) => management switch
    {
        NodeManagement.Tarsnode => InstanceOwner.Tarsnode,
        _ when !freshHeartbeat => InstanceOwner.Dashboard,
        null => InstanceOwner.Tarsnode,
        _ => InstanceOwner.Conflict,
    };
}
