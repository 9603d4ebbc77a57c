namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_node_info</c> row, normally written by tarsregistry when a tarsnode registers.</summary>
public sealed class NodeInfoRow
{
    public int Id { get; set; }
    public string NodeName { get; set; } = "";
    public string NodeObj { get; set; } = "";
    public string EndpointIp { get; set; } = "";
    public int EndpointPort { get; set; }
    public string DataDir { get; set; } = "";
    public string SettingState { get; set; } = "inactive";
    public string PresentState { get; set; } = "inactive";
    public string TarsVersion { get; set; } = "";
    public string TemplateName { get; set; } = "";
    public DateTime LastHeartbeat { get; set; }
    public string? Label { get; set; }
}
