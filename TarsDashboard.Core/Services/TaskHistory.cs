using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>Recent tasks (the dashboard's own and the Tars web platform's) with the items the caller may see.</summary>
public sealed class TaskHistory(TaskRepository tasks, AccessControl access)
{
    public async Task<IReadOnlyList<TaskSummary>> ListRecentAsync(Caller caller, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var recent = await tasks.ListRecentAsync(limit, cancellationToken);
        var items = await tasks.ListItemsAsync([.. recent.Select(t => t.TaskNo)], cancellationToken);
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
