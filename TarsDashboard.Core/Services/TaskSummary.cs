using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>A task and the items of it a caller may see.</summary>
public sealed record TaskSummary(TaskRow Task, IReadOnlyList<TaskItemRow> Items)
{
    /// <summary>The dashboard created it (else another tool sharing db_tars did).</summary>
    public bool IsOwn => Task.TaskNo.StartsWith(TaskNumbers.Prefix, StringComparison.Ordinal);

    /// <summary>The dashboard sent it to tarsAdminRegistry, which ran it on a tarsnode's nodes.</summary>
    public bool IsDelegated => Framework.FrameworkTaskNumbers.IsDelegated(Task.TaskNo);
}
