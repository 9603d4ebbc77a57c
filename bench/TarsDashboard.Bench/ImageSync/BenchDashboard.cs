using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;

namespace TarsDashboard.Bench.ImageSync;

/// <summary>
/// The Core graph as the web app builds it (on an embedded SQLite file), with the lab's nodes and registry added
/// through the same services and checks an admin goes through on the pages.
/// </summary>
internal sealed class BenchDashboard : IAsyncDisposable
{
    // The admin rather than Caller.System: a sync from the Images page runs as a user, grant check and audit included.
    private static readonly Caller Admin = new("admin");

    private readonly CoreHost _host;

    private BenchDashboard(CoreHost host) => _host = host;

    public static async Task<BenchDashboard> CreateAsync(SyncLab lab, CancellationToken cancellationToken)
    {
        var host = await CoreHost.CreateSqliteAsync();
        try
        {
            foreach (var node in lab.Nodes)
            {
                await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = node.Name, Endpoint = node.Endpoint }, cancellationToken);
            }

            await host.Get<RegistryService>().AddAsync(Admin,
                new RegistryInput { Registry = lab.Registry.Host, Username = lab.Registry.UserName, Password = lab.Registry.Password },
                cancellationToken);
            return new BenchDashboard(host);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Saves an image; its registry (and so its credentials) is inferred from the reference's host.</summary>
    public async Task<int> AddImageAsync(string reference, CancellationToken cancellationToken) =>
        (await _host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = reference }, cancellationToken)).Id;

    public Task<ImageSyncResult> SyncAsync(int imageId, IReadOnlyCollection<string> nodeNames, CancellationToken cancellationToken) =>
        _host.Get<ImageSyncService>().SyncAsync(Admin, imageId, nodeNames, cancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
