using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Turns a service package into the tar the engine unpacks into the service's exe path, doing what tarsnode's patch does
/// after <c>tar xzf</c> (CommandPatch::execute): from the top of the package, as long as a folder holds exactly one
/// entry that is not hidden (its name does not start with <c>.</c>) and that entry is a folder (not a link to one), go
/// down into it; then copy everything in the folder reached, hidden files included, into the exe path. A
/// <c>make HelloServer-tar</c> package (<c>HelloServer/HelloServer</c>, ...) so lands as <c>bin/HelloServer</c>, and a package
/// that already holds <c>bin/...</c> lands the same way. Hidden entries beside the single folder (<c>._HelloServer</c>
/// from a Mac) are left out, as tarsnode leaves them.
/// </summary>
/// <remarks>
/// Streams: the package (gzip or plain tar) is read twice from a seekable plain tar, spooled to a temporary file when it
/// is compressed or not seekable, and the result goes to the given stream; file data is never held in memory. Refused,
/// with a message saying which entry: absolute paths and <c>..</c> steps, links whose target leaves the copied folder,
/// devices and other special files, and a package with nothing to copy.
/// </remarks>
public static class ServicePackageRewriter
{
    /// <summary>More entries than this is not a service package; the limit keeps the listing's memory bounded.</summary>
    public const int MaxEntries = 100_000;

    private const int BufferSize = 81920;

    /// <summary>
    /// The package as a seekable plain tar positioned at its start: <paramref name="package"/> itself when it already is one,
    /// else a temporary file (deleted on close) holding it decompressed. The returned stream owns <paramref name="package"/>.
    /// </summary>
    public static async Task<Stream> OpenPlainTarAsync(Stream package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.CanSeek)
        {
            var start = package.Position;
            var magic = new byte[2];
            var read = await package.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
            package.Position = start;
            if (read < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                return package;
            }

            await using (package)
            {
                return await SpoolAsync(new GZipStream(package, CompressionMode.Decompress, leaveOpen: true), cancellationToken);
            }
        }

        // Not seekable: keep a copy first, then look at it.
        var copy = await SpoolAsync(package, cancellationToken);
        await package.DisposeAsync();
        return await OpenPlainTarAsync(copy, cancellationToken);
    }

    /// <summary>Reads the package's entries, checks them and applies tarsnode's rule, without writing anything.</summary>
    /// <exception cref="ValidationFailedException">The package is not a readable tar, holds a refused entry, or nothing to copy.</exception>
    public static async Task<ServicePackageContent> ReadAsync(Stream plainTar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plainTar);
        var entries = new List<(string Path, TarEntryType Kind, UnixFileMode Mode, string LinkName)>();
        await ForEachEntryAsync(plainTar, (entry, path) =>
        {
            if (entries.Count >= MaxEntries)
            {
                throw Refused("Package.TooManyFiles",
                    $"The package holds more than {MaxEntries.ToString(CultureInfo.InvariantCulture)} files, folders and links.", MaxEntries);
            }

            entries.Add((path, entry.EntryType, entry.Mode, entry.LinkName ?? ""));
            return Task.CompletedTask;
        }, cancellationToken);

        var root = CopyRoot(entries.Select(e => (e.Path, e.Kind)));
        var copied = new List<ServicePackageEntry>();
        foreach (var (path, kind, mode, linkName) in entries)
        {
            if (RelativeToRoot(path, root) is not { } relative)
            {
                continue;
            }

            if (kind == TarEntryType.SymbolicLink)
            {
                // Resolved from the link's own folder, the target must stay inside what is copied.
                var linkFolder = relative.Contains('/', StringComparison.Ordinal) ? relative[..relative.LastIndexOf('/')] : "";
                if (linkName.StartsWith('/') || !StaysInside(linkFolder, linkName))
                {
                    throw Refused("Package.UnsafeLink", $"The package links \"{path}\" to \"{linkName}\", outside the folder it is copied into.", path, linkName);
                }
            }
            else if (kind == TarEntryType.HardLink && (Normalize(linkName) is not { } target || RelativeToRoot(target, root) is null))
            {
                throw Refused("Package.UnsafeLink", $"The package links \"{path}\" to \"{linkName}\", outside the folder it is copied into.", path, linkName);
            }

            copied.Add(new ServicePackageEntry(relative, kind is TarEntryType.V7RegularFile or TarEntryType.ContiguousFile ? TarEntryType.RegularFile : kind, mode));
        }

        return new ServicePackageContent(root, copied);
    }

    /// <summary>
    /// Writes the copied entries to <paramref name="target"/> as a tar whose names start with <paramref name="prefix"/>
    /// (e.g. <c>bin/</c>, or the exe path without its leading <c>/</c>), owned by root as tarsnode's copy leaves them.
    /// </summary>
    public static async Task<ServicePackageContent> RewriteAsync(Stream plainTar, Stream target, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plainTar);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!plainTar.CanSeek)
        {
            throw new ArgumentException("The package must be seekable; open it with OpenPlainTarAsync.", nameof(plainTar));
        }

        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        var start = plainTar.Position;
        var content = await ReadAsync(plainTar, cancellationToken);
        plainTar.Position = start;
        await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
        await ForEachEntryAsync(plainTar, async (entry, path) =>
        {
            if (RelativeToRoot(path, content.CopyRoot) is not { } relative)
            {
                return;
            }

            var name = prefix + relative + (entry.EntryType == TarEntryType.Directory ? "/" : "");
            var kind = entry.EntryType is TarEntryType.V7RegularFile or TarEntryType.ContiguousFile ? TarEntryType.RegularFile : entry.EntryType;
            var copy = new PaxTarEntry(kind, name)
            {
                Mode = entry.Mode,
                ModificationTime = entry.ModificationTime,
                Uid = 0,
                Gid = 0,
            };
            if (entry.EntryType == TarEntryType.SymbolicLink)
            {
                copy.LinkName = entry.LinkName;
            }
            else if (entry.EntryType == TarEntryType.HardLink)
            {
                copy.LinkName = prefix + RelativeToRoot(Normalize(entry.LinkName)!, content.CopyRoot);
            }
            else if (entry.DataStream is { } data)
            {
                copy.DataStream = data;
            }

            await writer.WriteEntryAsync(copy, cancellationToken);
        }, cancellationToken);
        return content;
    }

    // Calls back with each entry that is not the package's top folder itself, its path checked and normalised.
    private static async Task ForEachEntryAsync(Stream plainTar, Func<TarEntry, string, Task> onEntry, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = new TarReader(plainTar, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                    or TarEntryType.Directory or TarEntryType.SymbolicLink or TarEntryType.HardLink))
                {
                    throw Refused("Package.SpecialFile",
                        $"The package holds \"{entry.Name}\", which is a {entry.EntryType}; a package holds only files, folders and links.",
                        entry.Name, entry.EntryType.ToString());
                }

                var path = Normalize(entry.Name)
                           ?? throw Refused("Package.UnsafePath", $"The package holds \"{entry.Name}\", which is outside the service folder.", entry.Name);
                if (path.Length == 0)
                {
                    continue; // "./": the top folder itself
                }

                await onEntry(entry, path);
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw Refused("Package.NotTar", $"The package is not a readable tar: {exception.Message}", exception.Message);
        }
    }

    // tarsnode's descent: the folder under which the files to copy are ("" is the top, else it ends with '/').
    private static string CopyRoot(IEnumerable<(string Path, TarEntryType Kind)> entries)
    {
        // Every path's kind (the last entry for a path wins, as when unpacking); folders named only by their content count.
        var kinds = new Dictionary<string, TarEntryType>(StringComparer.Ordinal);
        foreach (var (path, kind) in entries)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                kinds.TryAdd(path[..slash], TarEntryType.Directory);
            }

            kinds[path] = kind;
        }

        var root = "";
        while (true)
        {
            var children = kinds.Where(k => IsChildOf(k.Key, root) && !ChildName(k.Key, root).StartsWith('.')).Take(2).ToList();
            if (children.Count == 0)
            {
                throw root.Length == 0
                    ? Refused("Package.Empty", "The package holds no files.")
                    : Refused("Package.EmptyFolder", $"The package's folder \"{root}\" holds no files.", root);
            }

            if (children.Count > 1 || children[0].Value != TarEntryType.Directory)
            {
                return root;
            }

            root = children[0].Key + "/";
        }
    }

    private static bool IsChildOf(string path, string folder) =>
        path.Length > folder.Length && path.StartsWith(folder, StringComparison.Ordinal) && path.IndexOf('/', folder.Length) < 0;

    private static string ChildName(string path, string folder) => path[folder.Length..];

    // The path under the copy root, or null when the entry is not copied (outside it, or the root folder itself).
    private static string? RelativeToRoot(string path, string root) =>
        root.Length == 0 ? path
        : path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..]
        : null;

    // "./a//b/" -> "a/b"; "" for the top folder; null for an absolute path or one with a ".." step.
    private static string? Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('/') || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':'))
        {
            return null;
        }

        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        return parts.Any(p => p == ".." || p.Contains('\\', StringComparison.Ordinal)) ? null : string.Join('/', parts);
    }

    // A relative link target, followed from folder (relative to the copied folder), never climbs above it.
    private static bool StaysInside(string folder, string target)
    {
        var depth = folder.Length == 0 ? 0 : folder.Split('/').Length;
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (--depth < 0)
                {
                    return false;
                }
            }
            else if (part != ".")
            {
                depth++;
            }
        }

        return target.Length > 0;
    }

    private static async Task<Stream> SpoolAsync(Stream source, CancellationToken cancellationToken)
    {
        var temp = new FileStream(Path.Combine(Path.GetTempPath(), $"tdash-pkg-{Guid.NewGuid():N}.tar"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (source)
            {
                await source.CopyToAsync(temp, BufferSize, cancellationToken);
            }

            temp.Position = 0;
            return temp;
        }
        catch (InvalidDataException exception)
        {
            await temp.DisposeAsync();
            throw Refused("Package.NotTar", $"The package is not a readable gzip-compressed tar: {exception.Message}", exception.Message);
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    private static ValidationFailedException Refused(string code, string message, params object[] arguments) =>
        new(new FieldError("Package", code, message, arguments));
}
