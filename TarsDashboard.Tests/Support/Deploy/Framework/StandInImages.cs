using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Text;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>
/// Tiny images that stand in for tarscloud/framework and tarscloud/tars-node on a test engine (which cannot reach a
/// public registry): built through the Engine API from the fixture's busybox image, they only stay running.
/// </summary>
internal static class StandInImages
{
    public const string Framework = "tarsdash-test/framework:stand-in";
    public const string Node = "tarsdash-test/tars-node:stand-in";

    public static async Task BuildAsync(DockerEngineInstance engine)
    {
        await BuildAsync(engine, Framework);
        await BuildAsync(engine, Node);
    }

    private static async Task BuildAsync(DockerEngineInstance engine, string tag)
    {
        var dockerfile = $"FROM {InfraFixture.BusyboxImage}\nLABEL tarsdash.stand-in={tag}\nCMD [\"sh\", \"-c\", \"exec busybox sleep 3600\"]\n";
        using var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) };
            await tar.WriteEntryAsync(entry);
        }

        using var content = new ByteArrayContent(context.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await engine.ApiClient.PostAsync($"/build?t={Uri.EscapeDataString(tag)}&rm=1", content);
        await JsonMessageStream.ThrowOnErrorAsync(response, $"Build of {tag} on '{engine.Name}'", CancellationToken.None);
    }
}
