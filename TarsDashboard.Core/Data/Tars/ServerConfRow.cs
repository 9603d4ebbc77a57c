namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_server_conf</c> row: a service instance on one node.</summary>
public sealed class ServerConfRow
{
    public int Id { get; set; }
    public string Application { get; set; } = "";
    public string ServerName { get; set; } = "";
    public string NodeGroup { get; set; } = "";
    public string NodeName { get; set; } = "";
    public string? BasePath { get; set; } = "";
    public string ExePath { get; set; } = "";
    public string TemplateName { get; set; } = "";
    public int BakFlag { get; set; }
    public string SettingState { get; set; } = "inactive";
    public string PresentState { get; set; } = "inactive";
    public int ProcessId { get; set; }
    public string PatchVersion { get; set; } = "";
    public DateTime PatchTime { get; set; } = new(2021, 1, 1);
    public string PatchUser { get; set; } = "";
    public string TarsVersion { get; set; } = "";
    public DateTime? Posttime { get; set; }
    public string? Lastuser { get; set; }
    public string ServerType { get; set; } = "tars_cpp";
    public string? StartScriptPath { get; set; }
    public string? StopScriptPath { get; set; }
    public string? MonitorScriptPath { get; set; }
    public string? EnableGroup { get; set; } = "N";
    public string EnableSet { get; set; } = "N";
    public string? SetName { get; set; }
    public string? SetArea { get; set; }
    public string? SetGroup { get; set; }
    public string? IpGroupName { get; set; }
    public string? Profile { get; set; }
    public int ConfigCenterPort { get; set; }
    public int? AsyncThreadNum { get; set; } = 3;
    public string? ServerImportantType { get; set; } = "0";
    public string FlowState { get; set; } = "active";
    public string? RunType { get; set; } = "";
    public int? BaseImageId { get; set; }

    public string ServiceId => $"{Application}.{ServerName}";
}
