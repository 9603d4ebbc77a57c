namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_adapter_conf</c> row: a servant endpoint of a service instance.</summary>
public sealed class AdapterConfRow
{
    public int Id { get; set; }
    public string Application { get; set; } = "";
    public string ServerName { get; set; } = "";
    public string NodeName { get; set; } = "";
    public string AdapterName { get; set; } = "";
    public int ThreadNum { get; set; } = 5;
    public string Endpoint { get; set; } = "";
    public int MaxConnections { get; set; } = 100000;
    public string AllowIp { get; set; } = "";
    public string Servant { get; set; } = "";
    public int? Queuecap { get; set; } = 50000;
    public int? Queuetimeout { get; set; } = 20000;
    public DateTime? Posttime { get; set; }
    public string? Lastuser { get; set; }
    public string Protocol { get; set; } = "tars";
    public string? Handlegroup { get; set; } = "";
}
