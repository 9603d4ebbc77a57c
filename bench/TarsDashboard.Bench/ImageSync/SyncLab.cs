using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>
/// The servers of the sync benchmark: one private registry with authentication and several docker engines (nodes),
/// each in its own temp folder on free ports, all started at once. Disposing stops them and removes their folders.
/// </summary>
internal sealed class SyncLab : IAsyncDisposable
{
    private readonly List<DockerEngineInstance> _nodes = [];
    private PrivateRegistryInstance? _registry;

    private SyncLab()
    {
    }

    public PrivateRegistryInstance Registry => _registry!;

    public IReadOnlyList<DockerEngineInstance> Nodes => _nodes;

    public static async Task<SyncLab> StartAsync(int nodeCount, CancellationToken cancellationToken)
    {
        var lab = new SyncLab();
        Task? startAll = null;
        try
        {
            // Created inside the try: each constructor already makes a temp folder that disposal must remove.
            lab._registry = new PrivateRegistryInstance();
            for (var i = 1; i <= nodeCount; i++)
            {
                lab._nodes.Add(new DockerEngineInstance($"bench{i}"));
            }

            startAll = Task.WhenAll(lab._nodes.Select(n => n.StartAsync(cancellationToken)).Append(lab.Registry.StartAsync(cancellationToken)));
            await startAll;
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            // Awaiting WhenAll rethrows only the first failure; show all of them when several servers failed.
            if (startAll?.Exception is { InnerExceptions.Count: > 1 } all)
            {
                throw all;
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Every server is stopped even when another one fails to stop.
        var stops = _nodes.Select(n => n.DisposeAsync().AsTask()).ToList();
        if (_registry is not null)
        {
            stops.Add(_registry.DisposeAsync().AsTask());
        }

        await Task.WhenAll(stops);
    }
}
