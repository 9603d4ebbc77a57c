namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>getTaskRsp</c>: 0 with the task, or non-zero when AdminReg does not know the task number.</summary>
public sealed record TaskRspResult(int Ret, TaskRsp Task);
