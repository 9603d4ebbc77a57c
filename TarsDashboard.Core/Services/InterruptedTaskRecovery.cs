using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Cluster;
using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Items of the dashboard's own tasks still marked prepare/running whose instance is gone are marked failed with
/// "interrupted" in their log so they can be retried: the task's owner in <c>tdash_task_owner</c> has not stamped it
/// for <see cref="ClusterOptions.TaskStaleSeconds"/> (its instance stopped or crashed), or it has no owner and is older
/// than that (an older dashboard's, cut off by a restart). A task another live instance runs is left alone, and so are
/// other tools' tasks (the Tars web platform) sharing db_tars: ours carry the <see cref="TaskNumbers.Prefix"/>. Runs on
/// the leader's <see cref="CutOffTaskSweeper"/>, from shortly after its term starts.
/// </summary>
public sealed class InterruptedTaskRecovery
{
    private readonly TaskRepository tasks;
    private readonly TaskOwnerRepository owners;
    private readonly IOptions<ClusterOptions> options;
    private readonly ILogger<InterruptedTaskRecovery> logger;
    private readonly TimeProvider clock;

    internal InterruptedTaskRecovery(TaskRepository tasks, TaskOwnerRepository owners, IOptions<ClusterOptions> options,
        ILogger<InterruptedTaskRecovery> logger, TimeProvider clock)
    {
        this.clock = clock;
        this.tasks = tasks;
        this.owners = owners;
        this.options = options;
        this.logger = logger;
    }

    public const string InterruptedNote = "interrupted: the dashboard restarted while this item ran; retry it";

    /// <summary>The note for an item whose instance <paramref name="instanceId"/> stopped while it ran.</summary>
    public static string InterruptedBy(string instanceId) => $"interrupted: instance {instanceId} stopped while this ran; retry it";

    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var staleSeconds = options.Value.TaskStaleSeconds;
        var stale = (await owners.ListStaleAsync(staleSeconds, cancellationToken))
            .Where(o => o.TaskNo.StartsWith(TaskNumbers.Prefix, StringComparison.Ordinal))
            .ToDictionary(o => o.TaskNo, StringComparer.Ordinal);
        var stuck = await tasks.ListUnfinishedItemsAsync(TaskNumbers.Prefix, cancellationToken);
        var taskNos = stuck.Select(i => i.TaskNo).Distinct(StringComparer.Ordinal).ToList();
        var owned = await owners.OwnedAsync(taskNos, cancellationToken);
        var oldBefore = clock.GetUtcNow().UtcDateTime.AddSeconds(-staleSeconds);
        var ownerless = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var taskNo in taskNos.Where(t => !owned.Contains(t)))
        {
            ownerless[taskNo] = (await tasks.GetAsync(taskNo, cancellationToken))?.CreateTime is not { } created || created < oldBefore;
        }

        var marked = 0;
        foreach (var item in stuck)
        {
            var note = stale.TryGetValue(item.TaskNo, out var owner) ? InterruptedBy(owner.Owner)
                : ownerless.GetValueOrDefault(item.TaskNo) ? InterruptedNote
                : null;
            if (note is null)
            {
                continue;
            }

            var log = string.IsNullOrEmpty(item.Log) ? note : item.Log + "\n" + note;
            marked += await tasks.FailUnfinishedItemAsync(item.Id, log, cancellationToken);
        }

        // Whatever the dead instances owned is settled now (finished tasks included): nobody stamps those rows again.
        foreach (var taskNo in stale.Keys)
        {
            await owners.ReleaseAsync(taskNo, cancellationToken);
        }

        if (marked > 0)
        {
            logger.LogWarning("Marked {Count} task item(s) interrupted: the instance running them stopped", marked);
        }

        return marked;
    }
}
