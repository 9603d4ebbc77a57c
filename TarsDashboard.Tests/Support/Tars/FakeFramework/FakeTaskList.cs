using System.Globalization;
using TarsDashboard.Core.Tars.AdminRegistry;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// One task as tarsAdminRegistry's ExecuteTask holds it in memory (TaskList): the response built from the request
/// (every item EM_I_NOT_START), updated as the items run; each status and log change is also written to
/// <c>t_task_item</c> (a no-op for tasks without rows). Serial: one item after another, and after a failure the rest
/// are cancelled (each still marked running first, as TaskListSerial does). Parallel: up to five at once.
/// Elegant tasks (flow paused in batches of eachNum) are not modelled: the dashboard never sends them.
/// </summary>
public sealed class FakeTaskList
{
    private readonly object _lock = new();
    private readonly TaskReq _request;
    private readonly FakeDbTars _db;
    private readonly TaskItemRsp[] _items;
    private string _executeLog = "";

    public FakeTaskList(TaskReq request, FakeDbTars db)
    {
        _request = request;
        _db = db;
        CreateTime = Now();
        _items = [.. request.TaskItemReq.Select(req => new TaskItemRsp { Req = req, Status = EMTaskItemStatus.NotStart, StatusInfo = StatusName(EMTaskItemStatus.NotStart) })];
    }

    public string CreateTime { get; }

    public TaskReq Request => _request;

    /// <summary>getTaskRsp from memory: a copy, with the task's status derived from its items (checkTaskRspStatus).</summary>
    public TaskRsp Snapshot()
    {
        lock (_lock)
        {
            return new TaskRsp
            {
                TaskNo = _request.TaskNo, Serial = _request.Serial, UserName = _request.UserName, CreateTime = CreateTime,
                ExecuteLog = _executeLog, TaskItemRsp = [.. _items], Status = StatusOf(_items),
            };
        }
    }

    /// <summary>
    /// TaskList::execute: <paramref name="prepareFiles"/> first (publishes look up and stage their packages; false
    /// fails every item with the log it left), then the items with <paramref name="execute"/> (outcome and log).
    /// </summary>
    public async Task RunAsync(Func<FakeTaskList, Task<bool>> prepareFiles,
        Func<int, TaskItemReq, Task<(EMTaskItemStatus Status, string Log)>> execute)
    {
        if (!await prepareFiles(this))
        {
            for (var i = 0; i < _items.Length; i++)
            {
                if (ItemLog(i).Length == 0)
                {
                    await SetLogAsync(i, Snapshot().ExecuteLog);
                }

                await SetInfoAsync(i, start: false, EMTaskItemStatus.Failed);
            }

            return;
        }

        if (_request.Serial)
        {
            var status = EMTaskItemStatus.Success;
            for (var i = 0; i < _items.Length; i++)
            {
                await SetInfoAsync(i, start: true, EMTaskItemStatus.Running);
                if (status == EMTaskItemStatus.Success)
                {
                    (status, var log) = await execute(i, _request.TaskItemReq[i]);
                    await SetLogAsync(i, log);
                }
                else
                {
                    status = EMTaskItemStatus.Cancel;
                }

                await SetInfoAsync(i, start: false, status);
            }

            return;
        }

        using var slots = new SemaphoreSlim(Math.Clamp(_items.Length, 1, 5));
        await Task.WhenAll(Enumerable.Range(0, _items.Length).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                await SetInfoAsync(i, start: true, EMTaskItemStatus.Running);
                var (status, log) = await execute(i, _request.TaskItemReq[i]);
                await SetLogAsync(i, log);
                await SetInfoAsync(i, start: false, status);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    /// <summary>TaskList::setRspInfo: the start (or end) time, the status and its name, in memory and in t_task_item.</summary>
    public async Task SetInfoAsync(int index, bool start, EMTaskItemStatus status)
    {
        var now = DateTime.Now;
        string itemNo;
        lock (_lock)
        {
            var item = _items[index];
            _items[index] = item with
            {
                StartTime = start ? Format(now) : item.StartTime,
                EndTime = start ? item.EndTime : Format(now),
                Status = status,
                StatusInfo = StatusName(status),
            };
            itemNo = item.Req.ItemNo;
        }

        await _db.SetTaskItemAsync(itemNo, startTime: start ? now : null, endTime: start ? null : now, status: status);
    }

    /// <summary>TaskList::setRspLog.</summary>
    public async Task SetLogAsync(int index, string log)
    {
        string itemNo;
        lock (_lock)
        {
            _items[index] = _items[index] with { ExecuteLog = log };
            itemNo = _items[index].Req.ItemNo;
        }

        await _db.SetTaskItemAsync(itemNo, log: log);
    }

    public void SetPercent(int index, int percent)
    {
        lock (_lock)
        {
            _items[index] = _items[index] with { Percent = percent };
        }
    }

    public void SetTaskLog(string log)
    {
        lock (_lock)
        {
            _executeLog = log;
        }
    }

    public string ItemLog(int index)
    {
        lock (_lock)
        {
            return _items[index].ExecuteLog;
        }
    }

    public int Count => _items.Length;

    /// <summary>ExecuteTask::checkTaskRspStatus: one status for all items, else partial.</summary>
    public static EMTaskStatus StatusOf(IReadOnlyCollection<TaskItemRsp> items)
    {
        int Count(params EMTaskItemStatus[] statuses) => items.Count(i => statuses.Contains(i.Status));
        return items.Count switch
        {
            _ when Count(EMTaskItemStatus.NotStart) == items.Count => EMTaskStatus.NotStart,
            _ when Count(EMTaskItemStatus.Prepare) == items.Count => EMTaskStatus.Prepare,
            _ when Count(EMTaskItemStatus.Running, EMTaskItemStatus.PauseFlow) == items.Count => EMTaskStatus.Running,
            _ when Count(EMTaskItemStatus.Success) == items.Count => EMTaskStatus.Success,
            _ when Count(EMTaskItemStatus.Failed) == items.Count => EMTaskStatus.Failed,
            _ when Count(EMTaskItemStatus.Cancel) == items.Count => EMTaskStatus.Cancel,
            _ => EMTaskStatus.Partial,
        };
    }

    /// <summary>The IDL name, as etos() writes it into statusInfo.</summary>
    public static string StatusName(EMTaskItemStatus status) => status switch
    {
        EMTaskItemStatus.NotStart => "EM_I_NOT_START",
        EMTaskItemStatus.Prepare => "EM_I_PREPARE",
        EMTaskItemStatus.Running => "EM_I_RUNNING",
        EMTaskItemStatus.Success => "EM_I_SUCCESS",
        EMTaskItemStatus.Failed => "EM_I_FAILED",
        EMTaskItemStatus.Cancel => "EM_I_CANCEL",
        EMTaskItemStatus.PauseFlow => "EM_I_PAUSE_FLOW",
        _ => "",
    };

    private static string Now() => Format(DateTime.Now);

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
