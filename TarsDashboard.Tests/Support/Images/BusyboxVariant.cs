using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Text;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Tests.Images;

/// <summary>Imports a busybox image with one extra file, so its id differs from every other busybox image.</summary>
internal static class BusyboxVariant
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    /// <param name="repository">Repository to import as (on the engine), tagged <paramref name="tag"/>.</param>
    /// <param name="changes">Dockerfile instructions applied on import, e.g. an ENTRYPOINT; none by default.</param>
    public static async Task ImportAsync(DockerEngineInstance engine, string repository, string tag, string marker, string? changes = null)
    {
        using var buffer = new MemoryStream();
        await using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = Executable });
            await using (var busybox = File.OpenRead("/bin/busybox"))
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = Executable, DataStream = busybox });
            }

            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" });
            using var markerContent = new MemoryStream(Encoding.UTF8.GetBytes(marker));
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "variant.txt") { Mode = (UnixFileMode)0b110_100_100, DataStream = markerContent });
        }

        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await engine.ApiClient.PostAsync(
            $"/images/create?fromSrc=-&repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}"
            + (changes is null ? "" : $"&changes={Uri.EscapeDataString(changes)}"), content);
        await JsonMessageStream.ThrowOnErrorAsync(response, $"Import of {repository}:{tag} into '{engine.Name}'", CancellationToken.None);
    }
}
