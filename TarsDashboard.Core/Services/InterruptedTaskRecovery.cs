using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>
/// At start-up, items of the dashboard's own tasks still marked prepare/running were cut off by a restart: they are
/// marked failed with "interrupted" in their log so they can be retried. Tasks of other tools (the Tars web platform)
/// sharing db_tars are left alone: ours carry the <see cref="TaskNumbers.Prefix"/>.
/// </summary>
public sealed class InterruptedTaskRecovery
{
    private readonly TaskRepository tasks;
    private readonly ILogger<InterruptedTaskRecovery> logger;
    private readonly TimeProvider clock;

    internal InterruptedTaskRecovery(TaskRepository tasks, ILogger<InterruptedTaskRecovery> logger, TimeProvider clock)
    {
        this.clock = clock;
        this.tasks = tasks;
        this.logger = logger;
    }

    public const string InterruptedNote = "interrupted: the dashboard restarted while this item ran; retry it";

    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var stuck = await tasks.ListUnfinishedItemsAsync(TaskNumbers.Prefix, cancellationToken);
        foreach (var item in stuck)
        {
            var log = string.IsNullOrEmpty(item.Log) ? InterruptedNote : item.Log + "\n" + InterruptedNote;
            await tasks.FailUnfinishedItemAsync(item.Id, log, cancellationToken);
        }

        if (stuck.Count > 0)
        {
            logger.LogWarning("Marked {Count} task item(s) interrupted by a restart", stuck.Count);
        }

        return stuck.Count;
    }
}
