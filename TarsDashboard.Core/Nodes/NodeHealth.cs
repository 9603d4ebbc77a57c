namespace TarsDashboard.Core.Nodes;

/// <summary>The last health check of one node: its engine's, or for a node without one, its tarsnode's heartbeat.</summary>
public sealed record NodeHealth(
    string NodeName,
    NodeReachability State,
    DateTimeOffset CheckedAt,
    string? EngineVersion = null,
    string? ApiVersion = null,
    int Containers = 0,
    int ContainersRunning = 0,
    int Images = 0,
    int Cpus = 0,
    long MemoryBytes = 0,
    string? Error = null,
    DateTimeOffset? NextRetryAt = null,
    int ConsecutiveFailures = 0,
    NodeHealthSource Source = NodeHealthSource.Engine)
{
    public static NodeHealth Unknown(string nodeName, TimeProvider clock) => new(nodeName, NodeReachability.Unknown, clock.GetUtcNow());

    /// <summary>
    /// A node without a registered engine is as alive as its tarsnode says: reachable while the heartbeat is fresh and
    /// the node's present_state is active, otherwise unreachable with what t_node_info shows.
    /// </summary>
    public static NodeHealth FromHeartbeat(string nodeName, NodeHeartbeat? heartbeat, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var (state, error) = heartbeat switch
        {
            null or { LastHeartbeat: null } => (NodeReachability.Unreachable, "tarsnode has not sent a heartbeat for this node yet."),
            { IsFresh: false } => (NodeReachability.Unreachable,
                $"tarsnode's last heartbeat was at {heartbeat.LastHeartbeat:yyyy-MM-dd HH:mm:ss} (database time); it is not running there."),
            { PresentState: not "active" } => (NodeReachability.Unreachable, $"tarsnode reports the node {heartbeat.PresentState}."),
            _ => (NodeReachability.Reachable, (string?)null),
        };
        return new NodeHealth(nodeName, state, now, Error: error, Source: NodeHealthSource.TarsnodeHeartbeat);
    }

    /// <summary>True when what a person sees differs (ignores check times and the retry count).</summary>
    public bool DiffersFrom(NodeHealth? other) => other is null || Visible(this) != Visible(other);

    private static NodeHealth Visible(NodeHealth health) =>
        health with { CheckedAt = default, NextRetryAt = null, ConsecutiveFailures = 0 };
}
