using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

/// <summary>
/// The data side of living beside a real tarsnode and tarsregistry: heartbeats aged by the database's clock, who owns a
/// node, the guarded state write, stale heartbeats cleared, the framework found from db_tars. Each provider runs all.
/// </summary>
public abstract class CoexistenceDataContract
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    protected async Task<CoreHost> MigratedHostAsync(IDictionary<string, string?>? settings = null) =>
        await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync(), settings);

    [Fact]
    public async Task Heartbeats_are_aged_by_the_database_clock_as_fresh_stale_or_none()
    {
        await using var host = await MigratedHostAsync();
        var database = host.Get<TarsDatabase>();
        await TarsnodeTraces.SetHeartbeatAsync(database, "fresh", 5);
        await TarsnodeTraces.SetHeartbeatAsync(database, "stale", 400, presentState: "inactive");
        await TarsnodeTraces.SetHeartbeatAsync(database, "never", null);
        var nodeInfo = host.Get<NodeInfoRepository>();

        var fresh = (await nodeInfo.GetHeartbeatAsync("fresh", 300))!;
        var stale = (await nodeInfo.GetHeartbeatAsync("stale", 300))!;
        var never = (await nodeInfo.GetHeartbeatAsync("never", 300))!;

        Assert.True(fresh.IsFresh);
        Assert.InRange(fresh.AgeSeconds!.Value, 4, 30);
        Assert.Equal((false, true, "inactive"), (stale.IsFresh, stale.IsStale, stale.PresentState));
        Assert.InRange(stale.AgeSeconds!.Value, 399, 430);
        Assert.Equal((false, false, (long?)null, (DateTime?)null), (never.IsFresh, never.IsStale, never.AgeSeconds, never.LastHeartbeat));
        Assert.Null(await nodeInfo.GetHeartbeatAsync("absent", 300));
        // The freshness bound is the setting, not a constant.
        Assert.False((await nodeInfo.GetHeartbeatAsync("fresh", 3))!.IsFresh);
        Assert.Equal(["fresh", "never", "stale"], (await nodeInfo.ListHeartbeatsAsync(300)).Select(h => h.NodeName));
    }

    [Fact]
    public async Task A_node_is_the_dashboards_tarsnodes_or_in_conflict_by_its_kind_and_its_heartbeat()
    {
        await using var host = await MigratedHostAsync();
        var database = host.Get<TarsDatabase>();
        await AddNodeAsync(host, "engine-quiet", NodeManagement.Engine);
        await AddNodeAsync(host, "engine-stale", NodeManagement.Engine);
        await AddNodeAsync(host, "engine-beating", NodeManagement.Engine);
        await AddNodeAsync(host, "tarsnode-quiet", NodeManagement.Tarsnode);
        await TarsnodeTraces.SetHeartbeatAsync(database, "engine-stale", 400);
        await TarsnodeTraces.SetHeartbeatAsync(database, "engine-beating", 2);
        await TarsnodeTraces.SetHeartbeatAsync(database, "unregistered-beating", 2);
        await TarsnodeTraces.SetHeartbeatAsync(database, "unregistered-never", null);
        var reader = host.Get<NodeOwnershipReader>();

        var all = await reader.ListAsync();

        Assert.Equal(InstanceOwner.Dashboard, all["engine-quiet"].Owner);
        Assert.Equal(InstanceOwner.Dashboard, all["engine-stale"].Owner);
        Assert.Equal(InstanceOwner.Conflict, all["engine-beating"].Owner);
        Assert.Equal(InstanceOwner.Tarsnode, all["tarsnode-quiet"].Owner);
        Assert.Equal(InstanceOwner.Tarsnode, all["unregistered-beating"].Owner);
        Assert.Equal(InstanceOwner.Dashboard, all["unregistered-never"].Owner);
        Assert.False(all["unregistered-beating"].IsRegistered);
        Assert.Equal(InstanceOwner.Conflict, (await reader.ForNodeAsync("engine-beating")).Owner);
        Assert.Equal(InstanceOwner.Dashboard, (await reader.ForNodeAsync("nowhere")).Owner);
    }

    [Fact]
    public async Task Clearing_a_stale_heartbeat_sets_it_null_and_leaves_a_fresh_one()
    {
        await using var host = await MigratedHostAsync();
        var database = host.Get<TarsDatabase>();
        await TarsnodeTraces.SetHeartbeatAsync(database, "stale", 400);
        await TarsnodeTraces.SetHeartbeatAsync(database, "fresh", 2);
        var nodeInfo = host.Get<NodeInfoRepository>();

        Assert.True(await nodeInfo.ClearStaleHeartbeatAsync("stale", 300));
        Assert.False(await nodeInfo.ClearStaleHeartbeatAsync("fresh", 300));
        Assert.False(await nodeInfo.ClearStaleHeartbeatAsync("stale", 300));

        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(database, "stale"));
        Assert.NotNull(await TarsnodeTraces.ReadHeartbeatAsync(database, "fresh"));
        var stale = (await nodeInfo.GetAsync("stale"))!;
        Assert.Equal(("active", "tars.tarsnode.NodeObj@tcp -h 127.0.0.1 -p 19385"), (stale.PresentState, stale.NodeObj)); // only the heartbeat changed
    }

    [Fact]
    public async Task The_state_is_written_only_for_instances_on_nodes_the_dashboard_owns()
    {
        await using var host = await MigratedHostAsync();
        var database = host.Get<TarsDatabase>();
        await AddNodeAsync(host, "engine-quiet", NodeManagement.Engine);
        await AddNodeAsync(host, "engine-stale", NodeManagement.Engine);
        await AddNodeAsync(host, "engine-beating", NodeManagement.Engine);
        await AddNodeAsync(host, "tarsnode-quiet", NodeManagement.Tarsnode);
        await TarsnodeTraces.SetHeartbeatAsync(database, "engine-stale", 400);
        await TarsnodeTraces.SetHeartbeatAsync(database, "engine-beating", 2);
        var servers = host.Get<ServerConfRepository>();
        var ids = new Dictionary<string, int>();
        foreach (var node in new[] { "engine-quiet", "engine-stale", "engine-beating", "tarsnode-quiet" })
        {
            ids[node] = await servers.InsertAsync(new ServerConfRow
            {
                Application = "Test", ServerName = "HelloServer", NodeName = node, SettingState = "active", PresentState = "active", ProcessId = 4242,
            });
        }

        var before = new Dictionary<string, string>();
        foreach (var (node, id) in ids)
        {
            before[node] = await TarsnodeTraces.SnapshotServerAsync(database, id);
        }

        var writer = host.Get<ServiceStateWriter>();
        var written = new Dictionary<string, bool>();
        foreach (var (node, id) in ids)
        {
            written[node] = await writer.WriteAsync((await servers.GetAsync(id))!, PresentStates.Inactive, 0, command: ServiceCommands.Stop, "test");
        }

        Assert.Equal([true, true, false, false], new[] { "engine-quiet", "engine-stale", "engine-beating", "tarsnode-quiet" }.Select(n => written[n]));
        var quiet = (await servers.GetAsync(ids["engine-quiet"]))!;
        Assert.Equal(("inactive", "inactive", 0), (quiet.SettingState, quiet.PresentState, quiet.ProcessId));
        Assert.Equal(before["engine-beating"], await TarsnodeTraces.SnapshotServerAsync(database, ids["engine-beating"]));
        Assert.Equal(before["tarsnode-quiet"], await TarsnodeTraces.SnapshotServerAsync(database, ids["tarsnode-quiet"]));
    }

    [Fact]
    public async Task The_locator_is_found_from_the_active_registries_adapter_rows_and_the_setting_wins_over_them()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        await using (var host = await CoreHost.CreateAsync(Provider, connectionString))
        {
            var servers = host.Get<ServerConfRepository>();
            var adapters = host.Get<AdapterConfRepository>();
            foreach (var (node, state) in new[] { ("10.0.0.5", "active"), ("10.0.0.6", "active"), ("10.0.0.7", "inactive") })
            {
                await servers.InsertAsync(new ServerConfRow
                {
                    Application = "tars", ServerName = "tarsregistry", NodeName = node, SettingState = "active", PresentState = state,
                });
                await adapters.InsertAsync(new AdapterConfRow
                {
                    Application = "tars", ServerName = "tarsregistry", NodeName = node, AdapterName = "tars.tarsregistry.QueryObjAdapter",
                    Servant = FrameworkLocator.QueryServant, Endpoint = node == "10.0.0.6" ? $"tcp -h {node} -p 17891 -t 60000" : $"tcp -h {node} -t 60000 -p 17890",
                });
                await adapters.InsertAsync(new AdapterConfRow
                {
                    Application = "tars", ServerName = "tarsregistry", NodeName = node, AdapterName = "tars.tarsregistry.RegistryObjAdapter",
                    Servant = "tars.tarsregistry.RegistryObj", Endpoint = $"tcp -h {node} -t 60000 -p 17891",
                });
            }

            // tarsAdminRegistry registered only as an adapter, its port left out: the usual 12000.
            await adapters.InsertAsync(new AdapterConfRow
            {
                Application = "tars", ServerName = "tarsAdminRegistry", NodeName = "10.0.0.5", AdapterName = "tars.tarsAdminRegistry.AdminRegObjAdapter",
                Servant = FrameworkLocator.AdminRegistryServant, Endpoint = "tcp -h 10.0.0.5 -t 60000",
            });

            var found = await host.Get<FrameworkLocator>().GetEndpointsAsync();

            Assert.Equal(FrameworkLocatorSource.Database, found.Source);
            Assert.Equal("tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890:tcp -h 10.0.0.6 -p 17891", found.Locator);
            Assert.Equal(found.Locator, await host.Get<FrameworkLocator>().GetLocatorAsync());
            Assert.Equal("tars.tarsAdminRegistry.AdminRegObj@tcp -h 10.0.0.5 -p 12000", found.AdminRegistryProxy);
            Assert.Null(found.Problem);
        }

        await using var configured = await CoreHost.CreateAsync(Provider, connectionString,
            new Dictionary<string, string?> { ["Framework:Locator"] = "tars.tarsregistry.QueryObj@tcp -h 172.25.0.3 -p 17890" });
        var setting = await configured.Get<FrameworkLocator>().GetEndpointsAsync();
        Assert.Equal((FrameworkLocatorSource.Setting, "tars.tarsregistry.QueryObj@tcp -h 172.25.0.3 -p 17890"), (setting.Source, setting.Locator));
        Assert.Equal("tars.tarsAdminRegistry.AdminRegObj@tcp -h 10.0.0.5 -p 12000", setting.AdminRegistryProxy);
    }

    [Fact]
    public async Task Without_framework_rows_there_is_no_locator_and_nothing_throws()
    {
        await using var host = await MigratedHostAsync();
        await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "tars", ServerName = "tarsregistry", NodeName = "10.0.0.5", SettingState = "active", PresentState = "inactive",
        });
        await host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "tars", ServerName = "tarsregistry", NodeName = "10.0.0.5", AdapterName = "q",
            Servant = FrameworkLocator.QueryServant, Endpoint = "tcp -h 10.0.0.5 -t 60000 -p 17890",
        });
        await host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "tars", ServerName = "tarsAdminRegistry", NodeName = "10.0.0.5", AdapterName = "a",
            Servant = FrameworkLocator.AdminRegistryServant, Endpoint = "not an endpoint",
        });

        var found = await host.Get<FrameworkLocator>().GetEndpointsAsync();

        // The only registry is not running and the admin endpoint is unreadable: neither is offered.
        Assert.Equal((FrameworkLocatorSource.None, (string?)null, (string?)null, (string?)null),
            (found.Source, found.Locator, found.AdminRegistryProxy, found.Problem));
        Assert.Null(await host.Get<FrameworkLocator>().GetLocatorAsync());

        // The reading is kept briefly: the registry coming up is seen after the cache (or an invalidation), not at once.
        await host.Get<TarsDatabase>().ExecuteAsync("UPDATE t_server_conf SET present_state = 'active' WHERE server_name = 'tarsregistry'");
        Assert.Null(await host.Get<FrameworkLocator>().GetLocatorAsync());
        host.Get<FrameworkLocator>().Invalidate();
        Assert.Equal("tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890", await host.Get<FrameworkLocator>().GetLocatorAsync());
    }

    protected static Task AddNodeAsync(CoreHost host, string name, string management) =>
        host.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = name, Endpoint = management == NodeManagement.Engine ? "unix:///nowhere.sock" : "", Management = management,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "test",
        });
}
