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
    // Lazy so that callers racing for the same node build one client: the losers of GetOrAdd/TryUpdate drop an
    // unstarted Lazy, never a live client (each DockerClient owns sockets that only Dispose frees).
    private readonly ConcurrentDictionary<string, Entry> _clients = new(StringComparer.Ordinal);
    private readonly Func<string, string, IDockerClient> _create;

    public DockerClientPool()
        : this(Create)
    {
    }

    /// <summary>For tests: <paramref name="create"/> builds a client from an endpoint and a TLS folder.</summary>
    internal DockerClientPool(Func<string, string, IDockerClient> create)
    {
        _create = create;
    }

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
            var entry = _clients.GetOrAdd(node.NodeName, _ => NewEntry(key, node));
            if (entry.Key == key)
            {
                return ValueOf(node.NodeName, entry);
            }

            // The endpoint changed: one caller swaps the entry in and disposes the old client; the others retry.
            if (_clients.TryUpdate(node.NodeName, NewEntry(key, node), entry))
            {
                DisposeIfCreated(entry);
            }
        }
    }

    /// <summary>Drops a removed node's client.</summary>
    public void Forget(string nodeName)
    {
        if (_clients.TryRemove(nodeName, out var entry))
        {
            DisposeIfCreated(entry);
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
            DisposeIfCreated(entry);
        }

        _clients.Clear();
    }

    private Entry NewEntry(string key, NodeRow node) =>
        new(key, new Lazy<IDockerClient>(() => _create(node.Endpoint, node.TlsCertPath), LazyThreadSafetyMode.ExecutionAndPublication));

    private IDockerClient ValueOf(string nodeName, Entry entry)
    {
        try
        {
            return entry.Client.Value;
        }
        catch
        {
            // A failed build (a TLS folder not there yet) must not stick: the next call tries again.
            _clients.TryRemove(new KeyValuePair<string, Entry>(nodeName, entry));
            throw;
        }
    }

    private static void DisposeIfCreated(Entry entry)
    {
        if (entry.Client.IsValueCreated)
        {
            entry.Client.Value.Dispose();
        }
    }

    private sealed record Entry(string Key, Lazy<IDockerClient> Client);
}
