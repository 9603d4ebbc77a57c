namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>getTaskHistory</c>: a code and the tasks found.</summary>
public sealed record TaskHistoryResult(int Ret, IReadOnlyList<TaskRsp> Tasks);
