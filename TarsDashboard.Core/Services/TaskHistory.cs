using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Recent tasks with the items the caller may see: db_tars' (the dashboard's own, the Tars web platform's and
/// tarsAdminRegistry's publishes) and the start/stop/restart tasks this dashboard handed to tarsAdminRegistry, which
/// only it remembers (<see cref="DelegatedTaskHistory"/>).
/// </summary>
public sealed class TaskHistory(TaskRepository tasks, DelegatedTaskHistory delegated, AccessControl access)
{
    public async Task<IReadOnlyList<TaskSummary>> ListRecentAsync(Caller caller, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await tasks.ListRecentAsync(limit, cancellationToken);
        var storedItems = await tasks.ListItemsAsync([.. stored.Select(t => t.TaskNo)], cancellationToken);
        // A delegated publish is in db_tars too (tarsAdminRegistry stores those): db_tars' row wins.
        var remembered = delegated.ListRecent().Where(t => !stored.Any(s => s.TaskNo == t.Task.TaskNo)).ToList();
        var recent = stored.Concat(remembered.Select(t => t.Task)).OrderByDescending(t => t.CreateTime).Take(limit).ToList();
        var items = storedItems.Concat(remembered.SelectMany(t => t.Items));
        var allowed = new Dictionary<(string, string), bool>();
        var visible = new List<TaskItemRow>();
        foreach (var item in items)
        {
            var key = (item.Application ?? "", item.ServerName ?? "");
            if (!allowed.TryGetValue(key, out var may))
            {
                may = await access.IsAllowedAsync(caller, Permission.ViewService, AccessTarget.Service(key.Item1, key.Item2), cancellationToken);
                allowed[key] = may;
            }

            if (may)
            {
                visible.Add(item);
            }
        }

        var byTask = visible.ToLookup(i => i.TaskNo, StringComparer.Ordinal);
        return [.. recent.Where(t => byTask.Contains(t.TaskNo)).Select(t => new TaskSummary(t, [.. byTask[t.TaskNo]]))];
    }
}
