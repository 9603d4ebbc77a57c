namespace TarsDashboard.Core.Services;

/// <summary>A container that ended on its own with a non-zero exit code: the service failed, not stopped.</summary>
public sealed record ServiceExit(string ExitCode, DateTime At);
