namespace TarsDashboard.Core.Configs;

/// <summary>
/// The text tarsconfig hands a service instance for one file name (ConfigImp::loadConfigByHost): the files the
/// service-level file references, then its own text, then the files the node-level file references, then the node's
/// own text; empty parts are left out and the rest are joined with a blank line (<c>\r\n\r\n</c>). Pure.
/// </summary>
public static class ConfigMerge
{
    public const string Separator = "\r\n\r\n";

    public static string Merge(IEnumerable<string?> serverReferences, string? serverText, IEnumerable<string?> nodeReferences, string? nodeText)
    {
        ArgumentNullException.ThrowIfNull(serverReferences);
        ArgumentNullException.ThrowIfNull(nodeReferences);
        var parts = serverReferences.Append(serverText).Concat(nodeReferences).Append(nodeText)
            .Where(p => !string.IsNullOrEmpty(p));
        return string.Join(Separator, parts);
    }
}
