namespace TarsDashboard.Core.Nodes;

/// <summary>What a node's health was read from.</summary>
public enum NodeHealthSource
{
    /// <summary>A ping of the node's Docker engine.</summary>
    Engine,

    /// <summary>tarsnode's heartbeat in <c>t_node_info</c>: a tarsnode-managed node registered without its engine.</summary>
    TarsnodeHeartbeat,
}
