namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_task</c> and <c>t_task_item</c>.</summary>
internal sealed class TaskRepository(TarsDatabase database, TimeProvider clock)
{
    private const string ItemColumns =
        "id, task_no, item_no, application, server_name, node_name, command, parameters, start_time, end_time, status, set_name, log";

    /// <summary>Writes the task and its items in one transaction: either all rows exist or none.</summary>
    public async Task InsertAsync(TaskRow task, IReadOnlyList<TaskItemRow> items, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        task.Id = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, new Dapper.CommandDefinition(
            database.Dialect.SelectInsertedId("INSERT INTO t_task (task_no, serial, user_name, create_time) VALUES (@TaskNo, @Serial, @UserName, @CreateTime)"),
            task, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        foreach (var item in items)
        {
            item.Id = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, new Dapper.CommandDefinition(
                database.Dialect.SelectInsertedId(
                    "INSERT INTO t_task_item (task_no, item_no, application, server_name, node_name, command, parameters, start_time, end_time, status, set_name, log) " +
                    "VALUES (@TaskNo, @ItemNo, @Application, @ServerName, @NodeName, @Command, @Parameters, @StartTime, @EndTime, @Status, @SetName, @Log)"),
                item, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<TaskRow?> GetAsync(string taskNo, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<TaskRow>("SELECT id, task_no, serial, user_name, create_time FROM t_task WHERE task_no = @taskNo",
            new { taskNo }, cancellationToken);

    public Task<IReadOnlyList<TaskItemRow>> ListItemsAsync(string taskNo, CancellationToken cancellationToken = default) =>
        database.QueryAsync<TaskItemRow>($"SELECT {ItemColumns} FROM t_task_item WHERE task_no = @taskNo ORDER BY id", new { taskNo }, cancellationToken);

    public Task<int> UpdateItemStatusAsync(string itemNo, TaskItemStatus status, string log, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE t_task_item SET status = @status, log = @log, end_time = @now WHERE item_no = @itemNo",
            new { itemNo, status = (int)status, log, now = clock.GetUtcNow().UtcDateTime }, cancellationToken);

    /// <summary>Sets an item's status and log; start and end times only when given (so a step never clears them).</summary>
    public Task<int> SetItemAsync(string itemNo, TaskItemStatus status, string log, DateTime? startTime, DateTime? endTime,
        CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE t_task_item SET status = @status, log = @log, start_time = COALESCE(@startTime, start_time), end_time = COALESCE(@endTime, end_time) WHERE item_no = @itemNo",
            new { itemNo, status = (int)status, log, startTime, endTime }, cancellationToken);

    /// <summary>Items still in prepare or running of the tasks whose number starts with <paramref name="taskNoPrefix"/>.</summary>
    public Task<IReadOnlyList<TaskItemRow>> ListUnfinishedItemsAsync(string taskNoPrefix, CancellationToken cancellationToken = default) =>
        database.QueryAsync<TaskItemRow>(
            "SELECT id, task_no, item_no, log FROM t_task_item WHERE task_no LIKE @prefix AND status IN (@prepare, @running)",
            new { prefix = taskNoPrefix + "%", prepare = (int)TaskItemStatus.Prepare, running = (int)TaskItemStatus.Running }, cancellationToken);

    /// <summary>Marks the item failed with <paramref name="log"/>, unless it finished meanwhile.</summary>
    public Task<int> FailUnfinishedItemAsync(int id, string log, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE t_task_item SET status = @failed, end_time = @now, log = @log WHERE id = @id AND status IN (@prepare, @running)",
            new { id, failed = (int)TaskItemStatus.Failed, now = clock.GetUtcNow().UtcDateTime, log, prepare = (int)TaskItemStatus.Prepare, running = (int)TaskItemStatus.Running },
            cancellationToken);

    /// <summary>The newest tasks first (the dashboard's own and other tools'), at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<TaskRow>> ListRecentAsync(int limit, CancellationToken cancellationToken = default) =>
        database.QueryAsync<TaskRow>(
            "SELECT id, task_no, serial, user_name, create_time FROM t_task ORDER BY create_time DESC, id DESC LIMIT @limit", new { limit }, cancellationToken);

    /// <summary>The items of several tasks, in task then item order.</summary>
    public Task<IReadOnlyList<TaskItemRow>> ListItemsAsync(IReadOnlyCollection<string> taskNos, CancellationToken cancellationToken = default) =>
        taskNos.Count == 0
            ? Task.FromResult<IReadOnlyList<TaskItemRow>>([])
            : database.QueryAsync<TaskItemRow>($"SELECT {ItemColumns} FROM t_task_item WHERE task_no IN @taskNos ORDER BY task_no, id", new { taskNos }, cancellationToken);
}
