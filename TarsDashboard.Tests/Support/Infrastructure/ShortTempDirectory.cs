using System.Security.Cryptography;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>Private working directories for test servers, kept directly under /tmp.</summary>
internal static class ShortTempDirectory
{
    // Always /tmp rather than $TMPDIR: unix socket paths inside these folders must stay under 108 bytes.
    private const string Root = "/tmp";
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Create(string purpose)
    {
        while (true)
        {
            var path = Path.Combine(Root, $"td-{purpose}-{RandomNumberGenerator.GetString(SuffixAlphabet, 6)}");
            if (Directory.Exists(path))
            {
                continue;
            }

            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>Removes the directory, first unmounting anything a killed server left mounted inside it.</summary>
    public static async Task DeleteAsync(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
            return;
        }
        catch (IOException)
        {
            // Typically EBUSY: a docker engine that did not shut down cleanly keeps network namespaces
            // (exec-root/netns) or container shm mounts; unmount them and try again.
        }

        foreach (var mountPoint in MountPointsUnder(path).OrderByDescending(p => p.Length))
        {
            // Best effort: a mount that cannot be removed makes the final delete fail with a clear error.
            await ExternalCommand.RunAsync("umount", ["--lazy", mountPoint]);
        }

        Directory.Delete(path, recursive: true);
    }

    private static IEnumerable<string> MountPointsUnder(string path)
    {
        var prefix = path.TrimEnd('/') + "/";
        return File.ReadLines("/proc/self/mounts")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 1)
            .Select(fields => UnescapeMountPath(fields[1]))
            .Where(mountPoint => mountPoint.StartsWith(prefix, StringComparison.Ordinal));
    }

    // /proc/self/mounts writes space, tab, newline and backslash as three-digit octal escapes.
    private static string UnescapeMountPath(string escaped) =>
        escaped.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
