using System.Formats.Tar;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Writes files into a service's folders through the engine's archive upload (<c>PUT /containers/{id}/archive</c>) of
/// the service's container, and looks at what is there (<c>HEAD</c>/<c>GET</c> of the same endpoint): the folders are
/// bind-mounted, so the files land in the node's service folder, and the dashboard needs no other access to the node.
/// Used for packages (publish), the generated config file and start script, and the checks tarsnode makes before a start.
/// </summary>
public sealed class ServicePackageUploader(DockerClientPool clients)
{
    /// <summary>rwxr-xr-x: the start script, as tarsnode makes it executable.</summary>
    public const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    /// <summary>rw-r--r--: the config file.</summary>
    public const UnixFileMode Readable = (UnixFileMode)0b110_100_100;

    /// <summary>Unpacks a tar (optionally gzip-compressed) into a folder of the container that exists.</summary>
    /// <param name="folder">The folder inside the container the tar's paths are relative to (<c>/</c> for absolute ones).</param>
    public async Task UploadAsync(NodeRow node, string containerId, string folder, Stream tar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(tar);
        await clients.For(node).Containers.ExtractArchiveToContainerAsync(containerId,
            new CopyToContainerParameters { Path = folder, AllowOverwriteDirWithFile = false }, tar, cancellationToken);
    }

    /// <summary>Writes one text file at an absolute path of the container; missing parent folders are created (0755).</summary>
    public async Task WriteFileAsync(NodeRow node, string containerId, string path, string content, UnixFileMode mode,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!PosixPath.IsAbsolute(path))
        {
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        }

        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            using var data = new MemoryStream(Encoding.UTF8.GetBytes(content));
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, PosixPath.Simplify(path)[1..]) { Mode = mode, DataStream = data },
                cancellationToken);
        }

        buffer.Position = 0;
        await UploadAsync(node, containerId, "/", buffer, cancellationToken);
    }

    /// <summary>What is at <paramref name="path"/> in the container (its image or a bound folder), or null when nothing is.</summary>
    public async Task<ContainerPathStatResponse?> StatAsync(NodeRow node, string containerId, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            var response = await clients.For(node).Containers.GetArchiveFromContainerAsync(containerId,
                new ContainerPathStatParameters { Path = path }, statOnly: true, cancellationToken);
            return response.Stat;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The files under <paramref name="folder"/> in the container, as paths relative to it, read from the engine's tar of
    /// the folder as it streams (file data is skipped, not kept); empty when the folder is not there.
    /// </summary>
    public async Task<IReadOnlyList<ServicePackageEntry>> ListAsync(NodeRow node, string containerId, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ContainerArchiveResponse response;
        try
        {
            response = await clients.For(node).Containers.GetArchiveFromContainerAsync(containerId,
                new ContainerPathStatParameters { Path = PosixPath.Simplify(folder) }, statOnly: false, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return [];
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        var entries = new List<ServicePackageEntry>();
        if (response.Stream is null)
        {
            return entries;
        }

        await using (response.Stream)
        await using (var reader = new TarReader(response.Stream))
        {
            // The engine names the entries after the folder's own name ("bin/HelloServer"): that first step goes.
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var name = string.Join('/', entry.Name.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1));
                if (name.Length > 0 && entries.Count < ServicePackageRewriter.MaxEntries)
                {
                    entries.Add(new ServicePackageEntry(name, entry.EntryType, entry.Mode));
                }
            }
        }

        return entries;
    }
}
