namespace TarsDashboard.Core.Nodes;

/// <summary>A node the dashboard manages: the <c>t_node_info</c> name plus how to reach its Docker engine.</summary>
public sealed class NodeRow
{
    public int Id { get; set; }
    public string NodeName { get; set; } = "";

    /// <summary>The engine's address; empty for a tarsnode-managed node registered without its engine.</summary>
    public string Endpoint { get; set; } = "";
    public string TlsCertPath { get; set; } = "";
    public string TarsHostpath { get; set; } = "";
    public string Labels { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int RowVersion { get; set; }

    /// <summary>A <see cref="NodeManagement"/> value: who runs this node's service containers.</summary>
    public string Management { get; set; } = NodeManagement.Engine;

    /// <summary>The dashboard can reach a Docker engine on this node (for image sync, inspect, logs and stats at least).</summary>
    public bool HasEngine => Endpoint.Length > 0;

    public bool IsTarsnodeManaged => Management == NodeManagement.Tarsnode;
}
