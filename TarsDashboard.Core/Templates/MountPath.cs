namespace TarsDashboard.Core.Templates;

/// <summary>Compares container mount paths the way Docker resolves them: repeated and trailing slashes and "." do not count.</summary>
internal static class MountPath
{
    public static string Normalize(string path) =>
        "/" + string.Join('/', path.Trim().Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));

    public static bool IsSameOrUnder(string normalizedPath, string normalizedFolder) =>
        normalizedPath == normalizedFolder
        || normalizedFolder == "/"
        || normalizedPath.StartsWith(normalizedFolder + "/", StringComparison.Ordinal);
}
