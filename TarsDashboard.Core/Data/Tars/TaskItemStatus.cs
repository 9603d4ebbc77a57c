namespace TarsDashboard.Core.Data.Tars;

/// <summary>The status codes Tars stores in <c>t_task_item.status</c>.</summary>
public enum TaskItemStatus
{
    NotStarted = 0,
    Prepare = 1,
    Running = 2,
    Success = 3,
    Failed = 4,
    Cancel = 5,
    Pause = 6,
}
