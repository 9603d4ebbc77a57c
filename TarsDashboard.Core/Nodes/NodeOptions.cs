namespace TarsDashboard.Core.Nodes;

/// <summary>Binds the <c>Nodes</c> section.</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Nodes";

    /// <summary>Seconds between checks of a reachable engine.</summary>
    public double HealthIntervalSeconds { get; set; } = 5;

    /// <summary>Upper bound of the back-off between retries of an unreachable engine.</summary>
    public double MaxRetrySeconds { get; set; } = 60;

    /// <summary>How long one check may wait for an engine before it counts as unreachable.</summary>
    public double ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>On first start with no node, register this socket as the node <see cref="LocalNodeName"/> if it answers.</summary>
    public string LocalSocketPath { get; set; } = "/var/run/docker.sock";

    public bool RegisterLocalSocket { get; set; } = true;

    public string LocalNodeName { get; set; } = "local";
}
