using System.Collections.Concurrent;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// The latest progress of the tasks this dashboard handed to tarsAdminRegistry, kept in memory: tarsAdminRegistry
/// stores rows only for publishes, so start, stop and restart tasks appear in no <c>t_task</c> (the web platform's
/// task list does not show them either). The Tasks page can merge <see cref="ListRecent"/> with db_tars' tasks.
/// </summary>
public sealed class DelegatedTaskHistory(TimeProvider clock)
{
    /// <summary>How many tasks are remembered; older ones are forgotten first.</summary>
    public const int Capacity = 100;

    private readonly ConcurrentDictionary<string, (TaskRow Task, ConcurrentDictionary<string, TaskItemRow> Items)> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Begin(TaskRow task)
    {
        if (_tasks.TryAdd(task.TaskNo, (task, new ConcurrentDictionary<string, TaskItemRow>(StringComparer.Ordinal))))
        {
            _order.Enqueue(task.TaskNo);
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _tasks.TryRemove(oldest, out _);
            }
        }
    }

    public void Record(TaskProgress progress)
    {
        if (!_tasks.TryGetValue(progress.TaskNo, out var task))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        task.Items.AddOrUpdate(progress.ItemNo,
            _ => Row(progress, startTime: progress.Status == TaskItemStatus.NotStarted ? null : now, endTime: progress.IsFinished ? now : null),
            (_, old) => Row(progress, old.StartTime ?? (progress.Status == TaskItemStatus.NotStarted ? null : now), progress.IsFinished ? old.EndTime ?? now : null));
    }

    /// <summary>The remembered tasks, newest first, with their items as t_task_item rows would hold them.</summary>
    public IReadOnlyList<TaskSummary> ListRecent() =>
        [.. _tasks.Values.OrderByDescending(t => t.Task.CreateTime)
            .Select(t => new TaskSummary(t.Task, [.. t.Items.Values.OrderBy(i => i.ItemNo, StringComparer.Ordinal)]))];

    private static TaskItemRow Row(TaskProgress progress, DateTime? startTime, DateTime? endTime) => new()
    {
        TaskNo = progress.TaskNo, ItemNo = progress.ItemNo, Application = progress.Application, ServerName = progress.ServerName,
        NodeName = progress.NodeName, Command = progress.Command, Status = (int)progress.Status, Log = progress.Log,
        StartTime = startTime, EndTime = endTime, Parameters = "",
    };
}
