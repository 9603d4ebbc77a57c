namespace TarsDashboard.Core.Logs;

/// <summary>A log file inside a container, with the id to follow it by.</summary>
public sealed record LogFileInfo(string Path, LogSourceId SourceId)
{
    public string Name => System.IO.Path.GetFileName(Path);
}
