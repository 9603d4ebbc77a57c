using System.Net;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>Raw Engine API checks around the measurements, so that a run only counts when every node really downloaded.</summary>
internal static class EngineImages
{
    public static async Task<bool> ExistsAsync(DockerEngineInstance engine, string reference, CancellationToken cancellationToken)
    {
        using var response = await engine.ApiClient.GetAsync($"/images/{reference}/json", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>Throws unless every engine has (or, with <paramref name="present"/> false, lacks) the image.</summary>
    public static async Task RequireAsync(IEnumerable<DockerEngineInstance> engines, string reference, bool present, CancellationToken cancellationToken)
    {
        foreach (var engine in engines)
        {
            if (await ExistsAsync(engine, reference, cancellationToken) != present)
            {
                throw new InvalidOperationException($"{reference} should {(present ? "" : "not ")}be on '{engine.Name}' at this point.");
            }
        }
    }

    /// <summary>Removes a tag; the image and its layer go with its last tag.</summary>
    public static async Task RemoveAsync(DockerEngineInstance engine, string reference, CancellationToken cancellationToken)
    {
        using var response = await engine.ApiClient.DeleteAsync($"/images/{reference}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Removing {reference} from '{engine.Name}' failed with HTTP {(int)response.StatusCode}: {body}");
        }
    }
}
