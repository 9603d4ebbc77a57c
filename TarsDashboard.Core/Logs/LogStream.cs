namespace TarsDashboard.Core.Logs;

/// <summary>Where a log line came from: the container's stdout or stderr, or the dashboard's (or daemon's) own journal.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
    System,
}
