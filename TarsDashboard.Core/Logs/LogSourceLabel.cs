namespace TarsDashboard.Core.Logs;

/// <summary>
/// The short name and colour of a source in a merged view: the prefix that tells which source a line came from.
/// The colour is a stable hash of the id (not <see cref="string.GetHashCode()"/>, which changes per process), so a
/// source keeps its colour across reloads and in every browser.
/// </summary>
public static class LogSourceLabel
{
    /// <summary>How many distinct source colours the viewer defines.</summary>
    public const int ColorCount = 8;

    /// <summary>
    /// A short label: <c>App.Server@node</c>, <c>file.log@App.Server</c>, <c>journal@node</c>, <c>journal@App.Server</c>,
    /// <c>file.log@node</c> for a Tars log.
    /// </summary>
    public static string Short(LogSourceId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Kind switch
        {
            LogSourceKind.Container => $"{id.Container}@{id.Node}",
            LogSourceKind.File => $"{Path.GetFileName(id.Path)}@{id.Container}",
            LogSourceKind.NodeJournal => $"journal@{id.Node}",
            LogSourceKind.TarsLog => $"{id.LogFile}@{id.Node}",
            _ => $"journal@{id.Application}.{id.Server}",
        };
    }

    /// <summary>A colour index in [0, <see cref="ColorCount"/>) that depends only on the id's text.</summary>
    public static int ColorIndex(LogSourceId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        // FNV-1a over the id's characters.
        var hash = 2166136261u;
        foreach (var c in id.ToString())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % ColorCount);
    }
}
