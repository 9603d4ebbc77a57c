namespace TarsDashboard.Core.Logs;

/// <summary>
/// A log file inside a container, with the id to follow it by; <see cref="Size"/> (bytes) and <see cref="Modified"/>
/// as the engine reported them when listed, null when it could not say (the file went away between list and stat).
/// </summary>
public sealed record LogFileInfo(string Path, LogSourceId SourceId, long? Size = null, DateTimeOffset? Modified = null)
{
    public string Name => System.IO.Path.GetFileName(Path);
}
