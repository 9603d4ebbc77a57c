using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>
/// At start-up, items of the dashboard's own tasks still marked prepare/running were cut off by a restart: they are
/// marked failed with "interrupted" in their log so they can be retried. Tasks of other tools (the Tars web platform)
/// sharing db_tars are left alone: ours carry the <see cref="TaskNumbers.Prefix"/>.
/// </summary>
public sealed class InterruptedTaskRecovery(TarsDatabase database, ILogger<InterruptedTaskRecovery> logger, TimeProvider clock)
{
    public const string InterruptedNote = "interrupted: the dashboard restarted while this item ran; retry it";

    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var stuck = await database.QueryAsync<TaskItemRow>(
            "SELECT id, task_no, item_no, log FROM t_task_item WHERE task_no LIKE @prefix AND status IN (@prepare, @running)",
            new { prefix = TaskNumbers.Prefix + "%", prepare = (int)TaskItemStatus.Prepare, running = (int)TaskItemStatus.Running },
            cancellationToken);
        foreach (var item in stuck)
        {
            var log = string.IsNullOrEmpty(item.Log) ? InterruptedNote : item.Log + "\n" + InterruptedNote;
            await database.ExecuteAsync(
                "UPDATE t_task_item SET status = @failed, end_time = @now, log = @log WHERE id = @Id AND status IN (@prepare, @running)",
                new { item.Id, failed = (int)TaskItemStatus.Failed, now = clock.GetUtcNow().UtcDateTime, log, prepare = (int)TaskItemStatus.Prepare, running = (int)TaskItemStatus.Running },
                cancellationToken);
        }

        if (stuck.Count > 0)
        {
            logger.LogWarning("Marked {Count} task item(s) interrupted by a restart", stuck.Count);
        }

        return stuck.Count;
    }
}
