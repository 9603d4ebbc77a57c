namespace TarsDashboard.Core.Logs;

/// <summary>What a program run by <see cref="ContainerExec"/> printed and how it ended.</summary>
internal sealed record ContainerExecResult(long ExitCode, string Stdout, string Stderr);
