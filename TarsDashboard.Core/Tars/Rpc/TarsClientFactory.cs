using TarsDashboard.Core.Tars.Admin;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Node;
using TarsDashboard.Core.Tars.Query;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>Makes typed Tars clients on the shared <see cref="TarsConnectionPool"/>; clients are cheap, connections are shared.</summary>
public sealed class TarsClientFactory(TarsConnectionPool pool)
{
    public TarsConnectionPool Pool => pool;

    public QueryClient Query(TarsObjectRef locator, TimeSpan? timeout = null) => new(pool, locator, timeout);

    public AdminRegistryClient AdminRegistry(TarsObjectRef adminReg, TimeSpan? timeout = null) => new(pool, adminReg, timeout);

    public NodeClient Node(TarsObjectRef nodeObj, TimeSpan? timeout = null) => new(pool, nodeObj, timeout);

    public AdminClient Admin(TarsObjectRef adminObj, TimeSpan? timeout = null) => new(pool, adminObj, timeout);

    /// <summary>
    /// Asks the locator (<c>tars.tarsregistry.QueryObj@…</c>) where AdminRegObj runs and returns a client on its
    /// active TCP endpoints; none active means the framework's admin registry is unreachable.
    /// </summary>
    public async Task<AdminRegistryClient> FindAdminRegistryAsync(TarsObjectRef locator, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var found = await Query(locator, timeout).FindObjectByIdAsync(AdminRegistryClient.Servant, cancellationToken)
            .ConfigureAwait(false);
        var endpoints = found.Select(endpoint => endpoint.ToTcpEndpoint()).OfType<TarsEndpoint>().ToList();
        if (endpoints.Count == 0)
        {
            throw new TarsUnreachableException(AdminRegistryClient.Servant, "findObjectById",
                $"The registry at {locator} lists no active TCP endpoint of {AdminRegistryClient.Servant}.");
        }

        return AdminRegistry(new TarsObjectRef(AdminRegistryClient.Servant, endpoints), timeout);
    }
}
