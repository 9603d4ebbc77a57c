namespace TarsDashboard.Core.Tars;

/// <summary>The reply of <c>getLogFileList</c>: a code (0 success) and the log file names of a service.</summary>
public sealed record LogFileListResult(int Ret, IReadOnlyList<string> Files);
