using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

/// <summary>Nodes against real Docker engines.</summary>
[Collection("infra")]
public sealed class NodeServiceTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task Adding_a_running_engine_stores_the_node_and_reports_it_reachable_with_its_facts()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var service = host.Get<NodeService>();

        var row = await service.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.SocketPath, Labels = "rack=a" });

        Assert.Equal(infra.Node1.Endpoint, row.Endpoint);
        var health = host.Get<NodeHealthMonitor>().Get("node1");
        Assert.Equal(NodeReachability.Reachable, health.State);
        Assert.StartsWith("20.10", health.EngineVersion);
        Assert.True(health.Images >= 1, "the busybox test image is on the node");
        Assert.True(health.Cpus >= 1 && health.MemoryBytes > 0);
        Assert.Equal("active", (await host.Get<NodeInfoRepository>().GetAsync("node1"))!.SettingState);
    }

    [Fact]
    public async Task The_health_monitor_says_when_its_first_round_has_checked_the_registered_nodes()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.SocketPath });
        var monitor = host.Get<NodeHealthMonitor>();
        monitor.Forget("node1"); // as after a restart: known to the database, not yet to the monitor

        await host.StartAsync();
        await monitor.FirstRoundDone.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(NodeReachability.Reachable, monitor.Current["node1"].State);
    }

    [Theory]
    [InlineData("bad name!", "unix:///tmp/x.sock", "Name", "Node.Name.Invalid")]
    [InlineData("", "unix:///tmp/x.sock", "Name", "Validation.Required")]
    [InlineData("n1", "http://nope", "Endpoint", "Node.Endpoint.Malformed")]
    [InlineData("n1", "", "Endpoint", "Validation.Required")]
    public async Task Bad_input_is_refused_next_to_its_field_and_nothing_is_stored(string name, string endpoint, string field, string code)
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = name, Endpoint = endpoint }));

        Assert.Equal(code, error.For(field)?.Code);
        Assert.Empty(await host.Get<NodeService>().ListAsync(Admin));
    }

    [Fact]
    public async Task An_endpoint_where_no_engine_answers_is_refused_with_the_reason()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var service = host.Get<NodeService>();

        var missingSocket = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new NodeInput { Name = "ghost", Endpoint = "unix:///tmp/no-such-engine.sock" }));
        var closedPort = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new NodeInput { Name = "ghost", Endpoint = $"tcp://127.0.0.1:{FreePort.Next()}" }));

        Assert.Equal("Node.Endpoint.Unreachable", missingSocket.For("Endpoint")?.Code);
        Assert.Equal("Node.Endpoint.Unreachable", closedPort.For("Endpoint")?.Code);
        Assert.Contains("refused", closedPort.For("Endpoint")!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await service.ListAsync(Admin));
        Assert.Null(await host.Get<NodeInfoRepository>().GetAsync("ghost"));
    }

    [Fact]
    public async Task A_duplicate_name_is_refused()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var service = host.Get<NodeService>();
        await service.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node2.Endpoint }));

        Assert.Equal("Node.Name.Taken", error.For("Name")?.Code);
        Assert.Equal(infra.Node1.Endpoint, Assert.Single(await service.ListAsync(Admin)).Endpoint);
    }

    [Fact]
    public async Task Removing_a_node_with_deployed_services_is_refused_and_allowed_once_they_are_gone()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var service = host.Get<NodeService>();
        await service.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
        var serverId = await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "node2" });

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => service.RemoveAsync(Admin, "node2"));
        Assert.Equal("Node.Remove.HasServices", refused.Errors[0].Code);
        Assert.Single(await service.ListAsync(Admin));

        await host.Get<ServerConfRepository>().DeleteAsync(serverId);
        await service.RemoveAsync(Admin, "node2");
        Assert.Empty(await service.ListAsync(Admin));
    }

    [Fact]
    public async Task An_edit_based_on_an_old_version_is_refused()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var service = host.Get<NodeService>();
        var row = await service.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await service.UpdateAsync(Admin, "node1", new NodeInput { Endpoint = infra.Node1.Endpoint, Labels = "first" }, row.RowVersion);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            service.UpdateAsync(Admin, "node1", new NodeInput { Endpoint = infra.Node1.Endpoint, Labels = "second" }, row.RowVersion));

        Assert.Equal("first", (await service.GetAsync(Admin, "node1"))!.Labels);
    }

    [Fact]
    public async Task A_stopped_engine_becomes_unreachable_and_reachable_again_when_restarted_live()
    {
        await using var engine = new DockerEngineInstance("flap");
        await engine.StartAsync();
        await using var host = await CoreHost.CreateSqliteAsync();
        await host.StartAsync();
        var bus = host.Get<LiveEventBus>();
        using var events = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var subscription = bus.Open();
        var states = subscription.Reader.ReadAllAsync(events.Token).OfType<NodeHealthChanged>().Where(e => e.Health.NodeName == "flap")
            .Select(e => e.Health.State).GetAsyncEnumerator(events.Token);

        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "flap", Endpoint = engine.Endpoint });
        Assert.Equal(NodeReachability.Reachable, await NextStateAsync(states));

        await engine.StopAsync();
        Assert.Equal(NodeReachability.Unreachable, await NextStateAsync(states, skip: NodeReachability.Reachable));
        Assert.NotNull(host.Get<NodeHealthMonitor>().Get("flap").Error);

        await engine.StartAsync();
        Assert.Equal(NodeReachability.Reachable, await NextStateAsync(states, skip: NodeReachability.Unreachable));
    }

    [Fact]
    public async Task Only_an_admin_on_star_manages_nodes_and_every_attempt_is_audited()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "op1", Password = "op-pass-12" });
        await users.GrantAsync(Admin, new Grant("op1", Role.Admin, "Test"));
        var service = host.Get<NodeService>();
        var operatorOfTest = new Caller("op1");

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            service.AddAsync(operatorOfTest, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint }));
        await service.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.RemoveAsync(operatorOfTest, "node1"));

        Assert.Single(await service.ListAsync(operatorOfTest)); // reading shared things is fine
        var (audit, _) = await host.Get<TarsDashboard.Core.Audit.AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new TarsDashboard.Core.Audit.AuditQuery(Action: "node."));
        Assert.Equal(["node.remove:op1:denied", "node.add:admin:ok", "node.add:op1:denied"], audit.Select(a => $"{a.Action}:{a.UserName}:{a.Result}"));
        Assert.Contains(infra.Node1.Endpoint, audit[1].AfterJson);
    }

    /// <summary>The next published state, passing over repeats of <paramref name="skip"/> (counts that changed).</summary>
    private static async Task<NodeReachability> NextStateAsync(IAsyncEnumerator<NodeReachability> states, NodeReachability? skip = null)
    {
        while (await states.MoveNextAsync())
        {
            if (states.Current != skip)
            {
                return states.Current;
            }
        }

        throw new TimeoutException("No state change was published in time.");
    }
}
