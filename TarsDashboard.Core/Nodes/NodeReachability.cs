namespace TarsDashboard.Core.Nodes;

/// <summary>Whether a node's engine answered its last health check.</summary>
public enum NodeReachability
{
    Unknown,
    Reachable,
    Unreachable,
}
