namespace TarsDashboard.Core.Services;

/// <summary>
/// The searches tarsnode makes in a service's exe path before a start, over a listing of it (paths relative to the exe
/// path): the program of a C++/Go service whose file is not named after the server (CommandStart::searchServer), and the
/// folder of a Node.js service's package.json (CommandStart::searchPackage). Pure.
/// </summary>
public static class ServiceProgramSearch
{
    /// <summary>
    /// The first executable whose name contains "Server" or "server": the files of a folder in name order first, then its
    /// sub-folders the same way; null when there is none.
    /// </summary>
    public static string? FindServerProgram(IReadOnlyList<ServicePackageEntry> listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return Search(Tree(listing), "", entry =>
            (entry.IsExecutable || entry.Kind == System.Formats.Tar.TarEntryType.SymbolicLink)
            && PosixPath.NameOf(entry.Path) is var name
            && (name.Contains("Server", StringComparison.Ordinal) || name.Contains("server", StringComparison.Ordinal)), _ => true);
    }

    /// <summary>The folder (relative, empty for the exe path itself) of the first package.json, skipping node_modules and tars_nodejs.</summary>
    public static string? FindNodePackageFolder(IReadOnlyList<ServicePackageEntry> listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var found = Search(Tree(listing), "", entry => PosixPath.NameOf(entry.Path) == "package.json",
            folder => PosixPath.NameOf(folder) is not ("node_modules" or "tars_nodejs"));
        return found is null ? null : found.Contains('/', StringComparison.Ordinal) ? found[..found.LastIndexOf('/')] : "";
    }

    private static string? Search(Dictionary<string, List<ServicePackageEntry>> tree, string folder, Func<ServicePackageEntry, bool> matches,
        Func<string, bool> descend)
    {
        if (!tree.TryGetValue(folder, out var children))
        {
            return null;
        }

        var ordered = children.OrderBy(c => PosixPath.NameOf(c.Path), StringComparer.Ordinal).ToList();
        foreach (var file in ordered.Where(c => !c.IsDirectory))
        {
            if (matches(file))
            {
                return file.Path;
            }
        }

        foreach (var sub in ordered.Where(c => c.IsDirectory && descend(c.Path)))
        {
            if (Search(tree, sub.Path, matches, descend) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    // Children by folder ("" is the top); folders only named by their content are added.
    private static Dictionary<string, List<ServicePackageEntry>> Tree(IReadOnlyList<ServicePackageEntry> listing)
    {
        var byPath = new Dictionary<string, ServicePackageEntry>(StringComparer.Ordinal);
        foreach (var entry in listing)
        {
            var path = entry.Path.Trim('/');
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                byPath.TryAdd(path[..slash], new ServicePackageEntry(path[..slash], System.Formats.Tar.TarEntryType.Directory, 0));
            }

            byPath[path] = entry with { Path = path };
        }

        var tree = new Dictionary<string, List<ServicePackageEntry>>(StringComparer.Ordinal);
        foreach (var entry in byPath.Values)
        {
            var parent = entry.Path.Contains('/', StringComparison.Ordinal) ? entry.Path[..entry.Path.LastIndexOf('/')] : "";
            if (!tree.TryGetValue(parent, out var children))
            {
                tree[parent] = children = [];
            }

            children.Add(entry);
        }

        return tree;
    }
}
