namespace TarsDashboard.Core.Nodes;

/// <summary>A node the dashboard manages: the <c>t_node_info</c> name plus how to reach its Docker engine.</summary>
public sealed class NodeRow
{
    public int Id { get; set; }
    public string NodeName { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string TlsCertPath { get; set; } = "";
    public string TarsHostpath { get; set; } = "";
    public string Labels { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int RowVersion { get; set; }
}
