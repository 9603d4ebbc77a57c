using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Recent tasks with the items the caller may see: db_tars' (the dashboard's own, the Tars web platform's and
/// tarsAdminRegistry's publishes) and the start/stop/restart tasks this dashboard handed to tarsAdminRegistry, which
/// only it remembers (<see cref="DelegatedTaskHistory"/>).
/// </summary>
public sealed class TaskHistory
{
    private readonly TaskRepository tasks;
    private readonly DelegatedTaskHistory delegated;
    private readonly AccessControl access;

    internal TaskHistory(
        TaskRepository tasks,
        DelegatedTaskHistory delegated,
        AccessControl access)
    {
        this.tasks = tasks;
        this.delegated = delegated;
        this.access = access;
    }

    public async Task<IReadOnlyList<TaskSummary>> ListRecentAsync(Caller caller, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await tasks.ListRecentAsync(limit, cancellationToken);
        var storedItems = await tasks.ListItemsAsync([.. stored.Select(t => t.TaskNo)], cancellationToken);
        // A delegated publish is in db_tars too (tarsAdminRegistry stores those): db_tars' row wins.
        var remembered = delegated.ListRecent().Where(t => !stored.Any(s => s.TaskNo == t.Task.TaskNo)).ToList();
        var recent = stored.Concat(remembered.Select(t => t.Task)).OrderByDescending(t => t.CreateTime).Take(limit).ToList();
        var items = storedItems.Concat(remembered.SelectMany(t => t.Items));
        var may = await access.ServiceFilterAsync(caller, Permission.ViewService, cancellationToken);
        var visible = items.Where(i => may(i.Application ?? "", i.ServerName ?? ""));
        var byTask = visible.ToLookup(i => i.TaskNo, StringComparer.Ordinal);
        return [.. recent.Where(t => byTask.Contains(t.TaskNo)).Select(t => new TaskSummary(t, [.. byTask[t.TaskNo]]))];
    }
}
