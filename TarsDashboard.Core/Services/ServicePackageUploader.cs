using System.Formats.Tar;
using System.Text;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Writes files into a service's folder through the engine's archive upload (<c>PUT /containers/{id}/archive</c>) of
/// the service's container: the folder is bind-mounted, so the files land in the node's service folder, and the
/// dashboard needs no other access to the node. Used for packages (publish) and the generated config file.
/// </summary>
public sealed class ServicePackageUploader(DockerClientPool clients)
{
    /// <summary>Unpacks a tar (optionally gzip-compressed) into the service folder of the container.</summary>
    /// <param name="serverDir">The folder inside the container the tar's paths are relative to.</param>
    public async Task UploadAsync(NodeRow node, string containerId, string serverDir, Stream tar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(tar);
        await clients.For(node).Containers.ExtractArchiveToContainerAsync(containerId,
            new CopyToContainerParameters { Path = serverDir, AllowOverwriteDirWithFile = false }, tar, cancellationToken);
    }

    /// <summary>Writes one text file (e.g. <c>conf/App.Server.config.conf</c>) under <paramref name="serverDir"/>.</summary>
    public async Task WriteFileAsync(NodeRow node, string containerId, string serverDir, string relativePath, string content,
        CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var folder = Path.GetDirectoryName(relativePath)?.Replace('\\', '/');
            if (!string.IsNullOrEmpty(folder))
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, folder + "/") { Mode = (UnixFileMode)0b111_101_101 }, cancellationToken);
            }

            using var data = new MemoryStream(Encoding.UTF8.GetBytes(content));
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, relativePath) { Mode = (UnixFileMode)0b110_100_100, DataStream = data },
                cancellationToken);
        }

        buffer.Position = 0;
        await UploadAsync(node, containerId, serverDir, buffer, cancellationToken);
    }
}
