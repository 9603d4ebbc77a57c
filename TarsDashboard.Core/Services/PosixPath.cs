namespace TarsDashboard.Core.Services;

/// <summary>Path arithmetic on the node's (Linux) paths, whatever OS the dashboard runs on.</summary>
public static class PosixPath
{
    public static bool IsAbsolute(string path) => path.StartsWith('/');

    /// <summary>
    /// The path with repeated <c>/</c>, <c>.</c> and <c>..</c> steps collapsed and no trailing <c>/</c> (the root stays
    /// <c>/</c>), as TC_File::simplifyDirectory writes it. A <c>..</c> above the root stays at the root.
    /// </summary>
    public static string Simplify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var absolute = IsAbsolute(path);
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!absolute)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return absolute ? "/" + joined : joined;
    }

    /// <summary>The folder part of a path (TC_File::extractFilePath): everything up to the last <c>/</c>, which is kept.</summary>
    public static string FolderOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "./" : path[..(slash + 1)];
    }

    /// <summary>The last step of a path.</summary>
    public static string NameOf(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it (both simplified, absolute).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var p = Simplify(path);
        var f = Simplify(folder);
        return p == f || p.StartsWith(f == "/" ? "/" : f + "/", StringComparison.Ordinal);
    }
}
