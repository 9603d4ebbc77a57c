using System.Formats.Tar;
using System.Net.Http.Headers;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>
/// A busybox image whose one layer also holds a file of random bytes. Random, because such a layer neither compresses
/// nor equals any other image's layer: every pull of a new one transfers and unpacks its full size.
/// </summary>
internal static class RandomLayerImage
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Readable = (UnixFileMode)0b110_100_100;

    /// <summary>
    /// Imports a new such image on <paramref name="builder"/>, pushes it to <paramref name="registry"/> as
    /// <paramref name="repository"/>:<paramref name="tag"/>, then removes it from the builder again, which is also a
    /// measured node and must download it like the others.
    /// </summary>
    /// <returns>The pushed reference ("127.0.0.1:PORT/repository:tag") and the uncompressed layer size in bytes.</returns>
    public static async Task<(string Reference, long LayerBytes)> PublishAsync(DockerEngineInstance builder, PrivateRegistryInstance registry,
        string repository, string tag, int randomBytes, CancellationToken cancellationToken)
    {
        var local = $"tarsdash-bench/{repository}:{tag}";
        var layerBytes = await ImportAsync(builder, local, randomBytes, cancellationToken);
        var pushed = await registry.PushImageAsync(builder, local, $"{repository}:{tag}", cancellationToken);
        await EngineImages.RemoveAsync(builder, pushed, cancellationToken);
        await EngineImages.RemoveAsync(builder, local, cancellationToken);
        return (pushed, layerBytes);
    }

    private static async Task<long> ImportAsync(DockerEngineInstance engine, string reference, int randomBytes, CancellationToken cancellationToken)
    {
        using var rootfs = await CreateRootfsTarAsync(randomBytes, cancellationToken);
        var size = rootfs.Length;
        using var content = new StreamContent(rootfs);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var image = ImageReference.Parse(reference);
        var uri = $"/images/create?fromSrc=-&repo={Uri.EscapeDataString(image.Repository)}&tag={Uri.EscapeDataString(image.Tag)}";
        using var response = await engine.ApiClient.PostAsync(uri, content, cancellationToken);
        await JsonMessageStream.ThrowOnErrorAsync(response, $"Import of {reference} into '{engine.Name}'", cancellationToken);
        return size;
    }

    // The layout of DockerEngineInstance.ImportBusyboxImageAsync, plus data/random.bin.
    private static async Task<MemoryStream> CreateRootfsTarAsync(int randomBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = Executable }, cancellationToken);
            await using (var busybox = File.OpenRead("/bin/busybox"))
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = Executable, DataStream = busybox }, cancellationToken);
            }

            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" }, cancellationToken);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "data/") { Mode = Executable }, cancellationToken);

            // Random.Shared rather than a CSPRNG: the bytes only need to be unique and incompressible, not secret.
            var random = new byte[randomBytes];
            Random.Shared.NextBytes(random);
            using var data = new MemoryStream(random, writable: false);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "data/random.bin") { Mode = Readable, DataStream = data }, cancellationToken);
        }

        buffer.Position = 0;
        return buffer;
    }
}
