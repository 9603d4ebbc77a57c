namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_task_item</c> row. <see cref="Status"/> uses Tars' codes (see <see cref="TaskItemStatus"/>).</summary>
public sealed class TaskItemRow
{
    public int Id { get; set; }
    public string TaskNo { get; set; } = "";
    public string ItemNo { get; set; } = "";
    public string? Application { get; set; }
    public string? ServerName { get; set; }
    public string? NodeName { get; set; }
    public string? Command { get; set; }
    public string? Parameters { get; set; }
    public DateTime? StartTime { get; set; }
    public DateTime? EndTime { get; set; }
    public int? Status { get; set; }
    public string? SetName { get; set; }
    public string? Log { get; set; }
}
