namespace TarsDashboard.Core.Data.Tars;

/// <summary>A servant's <c>t_adapter_conf</c> endpoint with its instance's <c>t_server_conf</c> states (null without that row).</summary>
public sealed class ServantEndpointRow
{
    public string NodeName { get; set; } = "";
    public string? Endpoint { get; set; }
    public string? SettingState { get; set; }
    public string? PresentState { get; set; }
}
