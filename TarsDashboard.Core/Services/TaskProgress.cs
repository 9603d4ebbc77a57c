using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>A task item moved on (status or a new log line); the Tasks page and the service page update.</summary>
public sealed record TaskProgress(string TaskNo, string ItemNo, int ServerId, string Application, string ServerName, string NodeName,
    string Command, TaskItemStatus Status, string Log) : LiveEvent(TopicName)
{
    public const string TopicName = "task.progress";

    /// <summary>For a task tarsAdminRegistry runs: its own status text (<c>EM_I_RUNNING</c>, …); null for the dashboard's own tasks.</summary>
    public string? StatusInfo { get; init; }

    /// <summary>For a task tarsAdminRegistry runs: a publish's percentage as it reports it; null otherwise.</summary>
    public int? Percent { get; init; }

    public bool IsFinished => Status is TaskItemStatus.Success or TaskItemStatus.Failed or TaskItemStatus.Cancel;

    public override (Permission Permission, AccessTarget Target) Audience =>
        (Permission.ViewService, AccessTarget.Service(Application, ServerName));
}
