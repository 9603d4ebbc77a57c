using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// <c>tdash_task_owner</c>: which instance runs which task and when it last said so. Stamps are the database's clock
/// in UTC (<see cref="ISqlDialect.UtcNow"/>), so an instance with a skewed clock is judged fairly.
/// </summary>
internal sealed class TaskOwnerRepository(TarsDatabase database)
{
    public Task<int> ClaimAsync(string taskNo, string owner, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync($"INSERT INTO tdash_task_owner (task_no, owner, heartbeat_at) VALUES (@taskNo, @owner, {database.Dialect.UtcNow()})",
            new { taskNo, owner }, cancellationToken);

    /// <summary>Stamps every task <paramref name="owner"/> still owns, in one statement.</summary>
    public Task<int> HeartbeatAsync(string owner, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync($"UPDATE tdash_task_owner SET heartbeat_at = {database.Dialect.UtcNow()} WHERE owner = @owner",
            new { owner }, cancellationToken);

    public Task<int> ReleaseAsync(string taskNo, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_task_owner WHERE task_no = @taskNo", new { taskNo }, cancellationToken);

    /// <summary>Tasks whose owner has not stamped them for <paramref name="staleSeconds"/>.</summary>
    public Task<IReadOnlyList<TaskOwnerRow>> ListStaleAsync(int staleSeconds, CancellationToken cancellationToken = default) =>
        database.QueryAsync<TaskOwnerRow>(
            $"SELECT task_no, owner, heartbeat_at FROM tdash_task_owner WHERE heartbeat_at < {database.Dialect.UtcNow("@ago")}",
            new { ago = -staleSeconds }, cancellationToken);

    /// <summary>Of <paramref name="taskNos"/>, those some instance owns (alive or not).</summary>
    public async Task<IReadOnlySet<string>> OwnedAsync(IReadOnlyCollection<string> taskNos, CancellationToken cancellationToken = default) =>
        taskNos.Count == 0
            ? new HashSet<string>()
            : (await database.QueryAsync<string>("SELECT task_no FROM tdash_task_owner WHERE task_no IN @taskNos", new { taskNos }, cancellationToken))
                .ToHashSet(StringComparer.Ordinal);

    public Task<TaskOwnerRow?> GetAsync(string taskNo, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<TaskOwnerRow>("SELECT task_no, owner, heartbeat_at FROM tdash_task_owner WHERE task_no = @taskNo",
            new { taskNo }, cancellationToken);

    /// <summary>Makes the task look abandoned <paramref name="secondsAgo"/> ago (tests of the sweep).</summary>
    internal Task<int> BackdateAsync(string taskNo, int secondsAgo, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync($"UPDATE tdash_task_owner SET heartbeat_at = {database.Dialect.UtcNow("@ago")} WHERE task_no = @taskNo",
            new { taskNo, ago = -secondsAgo }, cancellationToken);
}

/// <summary>One row of <c>tdash_task_owner</c>.</summary>
internal sealed class TaskOwnerRow
{
    public string TaskNo { get; set; } = "";

    public string Owner { get; set; } = "";

    public DateTime HeartbeatAt { get; set; }
}
