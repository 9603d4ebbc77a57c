using System.Formats.Tar;

namespace TarsDashboard.Core.Services;

/// <summary>A file, folder or link a package puts into the exe path: its path there (no leading <c>/</c>), kind and mode.</summary>
public sealed record ServicePackageEntry(string Path, TarEntryType Kind, UnixFileMode Mode)
{
    public bool IsDirectory => Kind == TarEntryType.Directory;

    public bool IsRegularFile => Kind is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    /// <summary>A regular file someone may execute.</summary>
    public bool IsExecutable => IsRegularFile && (Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
