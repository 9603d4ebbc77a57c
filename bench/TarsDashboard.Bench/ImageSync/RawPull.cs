using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>
/// The baseline: the same pull straight through Docker.DotNet on every node at once, without database, audit, progress
/// tracking and events, or the inspect afterwards. One long-lived client per engine, as <see cref="DockerClientPool"/> keeps.
/// </summary>
internal sealed class RawPull(IReadOnlyList<DockerEngineInstance> engines, PrivateRegistryInstance registry) : IDisposable
{
    private readonly IReadOnlyList<DockerClient> _clients = engines.Select(e => DockerClientPool.Create(e.Endpoint, "")).ToList();

    public async Task PullAsync(string reference, CancellationToken cancellationToken)
    {
        var image = ImageReference.Parse(reference);
        var parameters = new ImagesCreateParameters { FromImage = image.Repository, Tag = image.Tag };
        var auth = new AuthConfig { ServerAddress = registry.Host, Username = registry.UserName, Password = registry.Password };
        await Task.WhenAll(_clients.Select((client, i) => PullOneAsync(client, engines[i].Name)));

        async Task PullOneAsync(IDockerClient client, string engineName)
        {
            // The engine reports a failed pull inside the progress stream, not as an HTTP error.
            string? error = null;
            var progress = new ErrorCapture(message => error ??= message.Error?.Message is { Length: > 0 } text ? text : null);
            await client.Images.CreateImageAsync(parameters, auth, progress, cancellationToken);
            if (error is not null)
            {
                throw new InvalidOperationException($"Raw pull of {reference} on '{engineName}' failed: {error}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    // Synchronous on the reading thread, like the service's own progress handler: Progress<T> would post to the thread pool.
    private sealed class ErrorCapture(Action<JSONMessage> handler) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => handler(value);
    }
}
