namespace TarsDashboard.Core.Configs;

/// <summary>
/// One row of <c>t_config_history_files</c>: the text a file had after a change (the web platform stores the new
/// content, not the old), the reason given, when and by whom.
/// </summary>
public sealed class ConfigHistoryRow
{
    public int Id { get; set; }
    public int? ConfigId { get; set; }
    public string? Reason { get; set; } = "";
    public string ReasonSelect { get; set; } = "";
    public string? Content { get; set; }
    public DateTime? Posttime { get; set; }
    public string? Lastuser { get; set; }
}
