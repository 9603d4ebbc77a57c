using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

/// <summary>
/// Adding and editing nodes beside a real tarsnode, on the real engines and a real db_tars (MariaDB) holding what a
/// tarsnode and tarsregistry leave there: fresh, stale and NULL heartbeats.
/// </summary>
[Collection("infra")]
public sealed class NodeCoexistenceTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private CoreHost _host = null!;

    private TarsDatabase Database => _host.Get<TarsDatabase>();

    private NodeService Nodes => _host.Get<NodeService>();

    public async Task InitializeAsync() =>
        _host = await CoreHost.CreateAsync(DatabaseProvider.MySql, await infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_engine_managed_node_a_tarsnode_heartbeats_for_is_refused_by_the_kind_field_and_can_be_added_tarsnode_managed()
    {
        await TarsnodeTraces.SetHeartbeatAsync(Database, "node1", 3);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint }));
        var validated = await Nodes.ValidateNewAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });

        var error = refused.For(nameof(NodeInput.Management))!;
        Assert.Equal("Node.Management.TarsnodeHeartbeat", error.Code);
        Assert.Matches(@"^A tarsnode sends heartbeats for node1 \(last \d\d:\d\d:\d\d\); register it as tarsnode-managed\.$", error.Message);
        Assert.Equal((error.Code, error.Message), (Assert.Single(validated).Code, validated[0].Message));
        Assert.Empty(await Nodes.ListAsync(Admin));

        var added = await Nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint, Management = NodeManagement.Tarsnode });

        Assert.Equal((NodeManagement.Tarsnode, infra.Node1.Endpoint), (added.Management, added.Endpoint));
        Assert.Equal(InstanceOwner.Tarsnode, (await Nodes.OwnershipAsync(Admin, "node1")).Owner);
        Assert.NotNull(await TarsnodeTraces.ReadHeartbeatAsync(Database, "node1")); // tarsnode's heartbeat is tarsnode's
        var (audit, _) = await _host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "node.add"));
        Assert.Equal([AuditResult.Refused, AuditResult.Ok], audit.Reverse().Select(a => a.Result));
    }

    [Fact]
    public async Task Editing_a_node_to_engine_managed_while_a_tarsnode_heartbeats_is_refused_and_nothing_changes()
    {
        var node = await Nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint, Management = NodeManagement.Tarsnode });
        await TarsnodeTraces.SetHeartbeatAsync(Database, "node1", 1);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Nodes.UpdateAsync(Admin, "node1",
            new NodeInput { Endpoint = infra.Node1.Endpoint, Labels = "x", Management = NodeManagement.Engine }, node.RowVersion));

        Assert.Equal("Node.Management.TarsnodeHeartbeat", refused.For(nameof(NodeInput.Management))?.Code);
        var stored = (await Nodes.GetAsync(Admin, "node1"))!;
        Assert.Equal((NodeManagement.Tarsnode, "", node.RowVersion), (stored.Management, stored.Labels, stored.RowVersion));
    }

    [Fact]
    public async Task Saving_an_engine_managed_node_with_a_stale_heartbeat_clears_it_audited_and_leaves_a_null_one_alone()
    {
        await TarsnodeTraces.SetHeartbeatAsync(Database, "node1", 400);
        await TarsnodeTraces.SetHeartbeatAsync(Database, "node2", null);

        var node1 = await Nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await Nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });

        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(Database, "node1"));
        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(Database, "node2"));
        Assert.Equal(InstanceOwner.Dashboard, (await Nodes.OwnershipAsync(Admin, "node1")).Owner);
        var (cleared, _) = await _host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "node.heartbeat.clear"));
        var entry = Assert.Single(cleared);
        Assert.Equal(("node1", AuditResult.Ok, "admin"), (entry.Target, entry.Result, entry.UserName));
        Assert.Contains("\"lastHeartbeat\":\"", entry.BeforeJson);
        Assert.Contains("\"lastHeartbeat\":null", entry.AfterJson);

        // A tarsnode ran there again and went away: the next edit clears it again.
        await TarsnodeTraces.SetHeartbeatAsync(Database, "node1", 900);
        await Nodes.UpdateAsync(Admin, "node1", new NodeInput { Endpoint = infra.Node1.Endpoint, Labels = "rack=a" }, node1.RowVersion);
        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(Database, "node1"));
        Assert.Equal(2, (await _host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "node.heartbeat.clear"))).Total);
    }

    [Fact]
    public async Task A_tarsnode_managed_node_may_have_no_engine_and_then_its_state_is_its_heartbeat()
    {
        var noEndpoint = await Assert.ThrowsAsync<ValidationFailedException>(() => Nodes.AddAsync(Admin, new NodeInput { Name = "10.0.0.9" }));
        Assert.Equal("Validation.Required", noEndpoint.For(nameof(NodeInput.Endpoint))?.Code);

        await TarsnodeTraces.SetHeartbeatAsync(Database, "10.0.0.9", 2);
        var added = await Nodes.AddAsync(Admin, new NodeInput { Name = "10.0.0.9", Management = NodeManagement.Tarsnode });

        Assert.Equal(("", false), (added.Endpoint, added.HasEngine));
        var monitor = _host.Get<NodeHealthMonitor>();
        var health = monitor.Get("10.0.0.9");
        Assert.Equal((NodeReachability.Reachable, NodeHealthSource.TarsnodeHeartbeat), (health.State, health.Source));
        Assert.Equal(NodeReachability.Reachable, (await Nodes.TestAsync(Admin, new NodeInput { Name = "10.0.0.9", Management = NodeManagement.Tarsnode })).State);

        await TarsnodeTraces.SetHeartbeatAsync(Database, "10.0.0.9", 400);
        health = await monitor.CheckNowAsync("10.0.0.9");
        Assert.Equal(NodeReachability.Unreachable, health.State);
        Assert.Contains("last heartbeat was at", health.Error);

        // Nothing needs its engine: image sync says there is none instead of trying.
        var image = await _host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = InfraFixture.BusyboxImage });
        var sync = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Get<ImageSyncService>().SyncAsync(Admin, image.Id, ["10.0.0.9"]));
        Assert.Equal("Image.Sync.NoEngine", sync.For("Nodes")?.Code);
        Assert.DoesNotContain("10.0.0.9", (await _host.Get<ImageMatrixService>().GetAsync(Admin)).Nodes);
    }
}
