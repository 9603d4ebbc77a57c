using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.X509;

namespace TarsDashboard.Core.Nodes;

/// <summary>
/// The one place Docker clients are made: one client per node, rebuilt when its endpoint changes.
/// The API version is not pinned, so each client speaks the version its engine offers.
/// </summary>
public sealed class DockerClientPool : IDisposable
{
    private readonly ConcurrentDictionary<string, (string Key, DockerClient Client)> _clients = new(StringComparer.Ordinal);

    /// <summary>The shared client for a node; callers must not dispose it. <see cref="NodeHasNoEngineException"/> when none is registered.</summary>
    public IDockerClient For(NodeRow node)
    {
        if (!node.HasEngine)
        {
            throw new NodeHasNoEngineException(node.NodeName);
        }

        var key = $"{node.Endpoint}|{node.TlsCertPath}";
        while (true)
        {
            if (_clients.TryGetValue(node.NodeName, out var entry))
            {
                if (entry.Key == key)
                {
                    return entry.Client;
                }

                if (_clients.TryUpdate(node.NodeName, (key, Create(node.Endpoint, node.TlsCertPath)), entry))
                {
                    entry.Client.Dispose();
                }

                continue;
            }

            var created = Create(node.Endpoint, node.TlsCertPath);
            if (_clients.TryAdd(node.NodeName, (key, created)))
            {
                return created;
            }

            created.Dispose();
        }
    }

    /// <summary>Drops a removed node's client.</summary>
    public void Forget(string nodeName)
    {
        if (_clients.TryRemove(nodeName, out var entry))
        {
            entry.Client.Dispose();
        }
    }

    /// <summary>A client for a one-off probe of an endpoint that is not saved yet; the caller disposes it.</summary>
    public static DockerClient Create(string endpoint, string tlsCertPath)
    {
        var builder = new DockerClientBuilder().WithEndpoint(new Uri(endpoint));
        if (!string.IsNullOrWhiteSpace(tlsCertPath))
        {
            // ca.pem verifies the engine, cert.pem + key.pem identify the dashboard (as DOCKER_CERT_PATH does).
            var certificates = DockerTlsCertificates.LoadFromDirectory(tlsCertPath, true, "ca.pem", "cert.pem", "key.pem");
            builder = builder.WithAuthProvider(certificates.CreateCredentials());
        }

        return builder.Build();
    }

    public void Dispose()
    {
        foreach (var entry in _clients.Values)
        {
            entry.Client.Dispose();
        }

        _clients.Clear();
    }
}
