namespace TarsDashboard.Core.Tars;

/// <summary>The reply of <c>getLogData</c>: a code (0 success) and the command's output over the log file.</summary>
public sealed record LogDataResult(int Ret, string FileData);
