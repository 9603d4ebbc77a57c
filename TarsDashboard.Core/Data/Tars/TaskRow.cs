namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_task</c> row: a batch of operations started together.</summary>
public sealed class TaskRow
{
    public int Id { get; set; }
    public string TaskNo { get; set; } = "";
    public bool Serial { get; set; }
    public string? UserName { get; set; }
    public DateTime CreateTime { get; set; }
}
