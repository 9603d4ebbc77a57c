using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Follows a task tarsAdminRegistry runs: asks <c>getTaskRsp</c> every <see cref="FrameworkOptions.TaskPollMilliseconds"/>
/// and publishes each change of an item (status, status text, log, percent) as <see cref="TaskProgress"/> with
/// tarsAdminRegistry's own codes, until every item has ended. When tarsAdminRegistry stops answering (or forgets the
/// task) for <see cref="FrameworkOptions.TaskUnreachableSeconds"/>, or the task outlives
/// <see cref="FrameworkOptions.TaskTimeoutSeconds"/>, the unfinished items are published as failed with the reason,
/// so no page waits forever. It writes nothing to db_tars: tarsAdminRegistry owns the task's rows.
/// </summary>
public sealed class FrameworkTaskFollower(LiveEventBus bus, JournalLog journal, DelegatedTaskHistory history, IOptions<FrameworkOptions> options,
    ILogger<FrameworkTaskFollower> logger, TimeProvider clock)
{
    public const string UnreachableStatusInfo = "framework unreachable";

    /// <summary>Publishes every item as not started, then follows the task in the background until it ends.</summary>
    public Task Follow(AdminRegistryClient client, TaskReq request, IReadOnlyList<ServerConfRow> rows, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var items = request.TaskItemReq.Zip(rows, (req, row) => new ItemState(req, row)).ToList();
        foreach (var item in items)
        {
            Publish(request.TaskNo, item);
        }

        return Task.Run(() => FollowAsync(client, request.TaskNo, items, stopping), CancellationToken.None);
    }

    private async Task FollowAsync(AdminRegistryClient client, string taskNo, List<ItemState> items, CancellationToken stopping)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromMilliseconds(settings.TaskPollMilliseconds);
        var unreachableFor = TimeSpan.FromSeconds(settings.TaskUnreachableSeconds);
        var timeout = TimeSpan.FromSeconds(settings.TaskTimeoutSeconds);
        var started = clock.GetTimestamp();
        long? failingSince = null;
        try
        {
            while (true)
            {
                await Task.Delay(poll, clock, stopping);
                string? problem;
                try
                {
                    var reply = await client.GetTaskRspAsync(taskNo, stopping);
                    problem = reply.Ret == 0 ? null
                        : $"tarsAdminRegistry no longer knows task {taskNo} (getTaskRsp returned {reply.Ret}; it may have restarted)";
                    if (problem is null)
                    {
                        Apply(taskNo, items, reply.Task);
                    }
                }
                catch (Exception exception) when (exception is TarsCallException or Tars.Codec.TarsDecodeException)
                {
                    problem = $"tarsAdminRegistry did not answer getTaskRsp: {exception.Message}";
                }

                if (items.All(i => i.IsFinished))
                {
                    return;
                }

                if (problem is null)
                {
                    failingSince = null;
                }
                else if (clock.GetElapsedTime(failingSince ??= clock.GetTimestamp()) >= unreachableFor)
                {
                    FailUnfinished(taskNo, items, $"{UnreachableStatusInfo}: {problem}; the task may still run there (task {taskNo})");
                    return;
                }

                if (clock.GetElapsedTime(started) >= timeout)
                {
                    FailUnfinished(taskNo, items, $"no result from tarsAdminRegistry within {settings.TaskTimeoutSeconds} s (task {taskNo})");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The dashboard is stopping; tarsAdminRegistry carries on without us.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Following task {TaskNo} in tarsAdminRegistry failed", taskNo);
            FailUnfinished(taskNo, items, $"the dashboard stopped following the task: {exception.Message}");
        }
    }

    private void Apply(string taskNo, List<ItemState> items, TaskRsp task)
    {
        for (var index = 0; index < task.TaskItemRsp.Count; index++)
        {
            var rsp = task.TaskItemRsp[index];
            // Items are matched by number; a reply read back from db_tars keeps them, in insertion order otherwise.
            var item = items.FirstOrDefault(i => i.Request.ItemNo == rsp.Req.ItemNo && rsp.Req.ItemNo.Length > 0)
                       ?? (index < items.Count ? items[index] : null);
            if (item is null || item.IsFinished)
            {
                continue;
            }

            var status = ToItemStatus(rsp.Status);
            var log = ComposeLog(rsp, status, item.Server.NodeName);
            if (status == item.Status && rsp.StatusInfo == item.StatusInfo && log == item.Log && rsp.Percent == item.Percent)
            {
                continue;
            }

            var statusChanged = status != item.Status;
            item.Status = status;
            item.StatusInfo = rsp.StatusInfo;
            item.Log = log;
            item.Percent = rsp.Percent;
            if (statusChanged)
            {
                journal.Write(item.Server.NodeName, item.Server.ServiceId,
                    $"{item.Request.Command} via tarsAdminRegistry: {rsp.StatusInfo} {LastLine(log)}".TrimEnd(),
                    status == TaskItemStatus.Failed ? LogSeverity.Error : LogSeverity.Info);
            }

            Publish(taskNo, item);
        }
    }

    private void FailUnfinished(string taskNo, List<ItemState> items, string reason)
    {
        logger.LogWarning("Task {TaskNo}: {Reason}", taskNo, reason);
        foreach (var item in items.Where(i => !i.IsFinished))
        {
            item.Status = TaskItemStatus.Failed;
            item.StatusInfo = UnreachableStatusInfo;
            item.Log = (item.Log.Length > 0 ? item.Log + "\n" : "") + "failed: " + reason;
            journal.Write(item.Server.NodeName, item.Server.ServiceId, $"{item.Request.Command} via tarsAdminRegistry: failed: {reason}", LogSeverity.Error);
            Publish(taskNo, item);
        }
    }

    private void Publish(string taskNo, ItemState item)
    {
        var progress = new TaskProgress(taskNo, item.Request.ItemNo, item.Server.Id, item.Server.Application, item.Server.ServerName,
            item.Server.NodeName, item.Request.Command, item.Status, item.Log)
        {
            StatusInfo = item.StatusInfo,
            Percent = item.Percent,
        };
        history.Record(progress);
        bus.Publish(progress);
    }

    /// <summary>AdminReg's log, and for an item that ended badly a last line that says why in words.</summary>
    private static string ComposeLog(TaskItemRsp rsp, TaskItemStatus status, string nodeName)
    {
        var log = rsp.ExecuteLog.Trim();
        var text = log.Length > 0 ? log : rsp.StatusInfo;
        return status switch
        {
            TaskItemStatus.Failed => text + "\nfailed: " + (AdminRegistryFailures.Explain(log, nodeName) ?? (log.Length > 0 ? LastLine(log) : rsp.StatusInfo)),
            TaskItemStatus.Cancel => text + "\ncancelled: an earlier item of this serial task did not succeed",
            _ => text,
        };
    }

    private static TaskItemStatus ToItemStatus(EMTaskItemStatus status) => status switch
    {
        EMTaskItemStatus.NotStart => TaskItemStatus.NotStarted,
        EMTaskItemStatus.Prepare => TaskItemStatus.Prepare,
        EMTaskItemStatus.Running => TaskItemStatus.Running,
        EMTaskItemStatus.Success => TaskItemStatus.Success,
        EMTaskItemStatus.Failed => TaskItemStatus.Failed,
        EMTaskItemStatus.Cancel => TaskItemStatus.Cancel,
        EMTaskItemStatus.PauseFlow => TaskItemStatus.Pause,
        _ => TaskItemStatus.Running,
    };

    private static string LastLine(string log) => log.TrimEnd('\n').Split('\n')[^1];

    private sealed class ItemState(TaskItemReq request, ServerConfRow server)
    {
        public TaskItemReq Request { get; } = request;

        public ServerConfRow Server { get; } = server;

        public TaskItemStatus Status { get; set; } = TaskItemStatus.NotStarted;

        public string StatusInfo { get; set; } = "EM_I_NOT_START";

        public string Log { get; set; } = "";

        public int Percent { get; set; }

        public bool IsFinished => Status is TaskItemStatus.Success or TaskItemStatus.Failed or TaskItemStatus.Cancel;
    }
}
