using Xunit;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// The real infrastructure shared by the "infra" test collection: one MariaDB, two docker engines (nodes) with
/// the busybox test image imported, and one private registry with authentication. All start in parallel.
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    /// <summary>
    /// A minimal image present on every node. It holds only /bin/busybox and /bin/sh, so other tools are run as
    /// applets, for example <c>sh -c "busybox sleep 5"</c>.
    /// </summary>
    public const string BusyboxImage = "tarsdash-test/busybox:1";

    public MariaDbInstance MariaDb { get; } = new();

    public DockerEngineInstance Node1 { get; } = new("node1");

    public DockerEngineInstance Node2 { get; } = new("node2");

    public PrivateRegistryInstance Registry { get; } = new();

    public IReadOnlyList<DockerEngineInstance> Nodes => [Node1, Node2];

    public async Task InitializeAsync()
    {
        var startAll = Task.WhenAll(
            MariaDb.StartAsync(),
            StartNodeAsync(Node1),
            StartNodeAsync(Node2),
            Registry.StartAsync());
        try
        {
            await startAll;
        }
        catch
        {
            // Stop whatever did start (disposal is idempotent, so xunit's own DisposeAsync is harmless), and report
            // every failure: awaiting WhenAll rethrows only the first.
            await DisposeAsync();
            throw startAll.Exception!;
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(
            MariaDb.DisposeAsync().AsTask(),
            Node1.DisposeAsync().AsTask(),
            Node2.DisposeAsync().AsTask(),
            Registry.DisposeAsync().AsTask());
    }

    private static async Task StartNodeAsync(DockerEngineInstance node)
    {
        await node.StartAsync();
        await node.ImportBusyboxImageAsync(BusyboxImage);
    }
}
