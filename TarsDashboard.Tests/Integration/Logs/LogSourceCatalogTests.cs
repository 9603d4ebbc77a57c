using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>The source browser's catalog on real engines: every container of every node, Tars services first, grants applied.</summary>
[Collection("infra")]
public sealed class LogSourceCatalogTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    private async Task<CoreHost> HostAsync()
    {
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>());
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
        return host;
    }

    [Fact]
    public async Task Containers_on_both_nodes_are_listed_with_their_state_Tars_services_first()
    {
        await using var host = await HostAsync();
        var plainName = $"lgplain{Guid.NewGuid().ToString("N")[..8]}";
        await using var service = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName(), TestContainer.CounterScript);
        await using var plain = await TestContainer.StartAsync(infra.Node1, plainName, TestContainer.CounterScript);
        await using var second = await TestContainer.StartAsync(infra.Node2, TestContainer.NewServiceName("Second"), TestContainer.CounterScript);
        await plain.StopAsync();

        var catalog = await host.Get<LogSourceCatalog>().ListAsync(Admin);

        Assert.Equal(["node1", "node2"], catalog.Nodes.Select(n => n.Node));
        Assert.All(catalog.Nodes, n => Assert.True(n.Reachable, n.Error));
        var node1 = catalog.Nodes[0].Containers;
        var listedService = Assert.Single(node1, c => c.Name == service.Name);
        Assert.True(listedService.IsTarsService);
        Assert.Equal("running", listedService.State);
        Assert.Equal(InfraFixture.BusyboxImage, listedService.Image);
        var listedPlain = Assert.Single(node1, c => c.Name == plainName);
        Assert.False(listedPlain.IsTarsService);
        Assert.Equal("exited", listedPlain.State);
        var firstOther = node1.ToList().FindIndex(c => !c.IsTarsService);
        Assert.All(node1.Skip(firstOther), c => Assert.False(c.IsTarsService));
        Assert.Contains(catalog.Nodes[1].Containers, c => c.Name == second.Name && c.SourceId.ToString() == $"container:node2:{second.Name}");
        Assert.All(catalog.Nodes, n => Assert.Equal($"journal:node:{n.Node}", n.Journal?.SourceId.ToString()));
        Assert.Contains(catalog.ServiceJournals, j => j.SourceId.ToString() == $"journal:service:{second.Name}");
    }

    [Fact]
    public async Task A_developer_sees_only_the_containers_and_journals_of_services_they_hold_grants_on()
    {
        await using var host = await HostAsync();
        await using var mine = await TestContainer.StartAsync(infra.Node2, TestContainer.NewServiceName("Mine"), TestContainer.CounterScript);
        await using var other = await TestContainer.StartAsync(infra.Node2, TestContainer.NewServiceName("Other"), TestContainer.CounterScript);
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        var application = mine.Name.Split('.')[0];
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, application + ".Mine"));

        var catalog = await host.Get<LogSourceCatalog>().ListAsync(new Caller("dev1"));

        Assert.Empty(catalog.Nodes[0].Containers);
        Assert.Equal([mine.Name], catalog.Nodes[1].Containers.Select(c => c.Name));
        Assert.All(catalog.Nodes, n => Assert.Null(n.Journal));
        Assert.Equal([$"journal:service:{mine.Name}"], catalog.ServiceJournals.Select(j => j.SourceId.ToString()));
    }

    [Fact]
    public async Task A_node_whose_engine_does_not_answer_is_listed_unreachable_and_the_others_still_are()
    {
        await using var host = await HostAsync();
        await host.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "dead", Endpoint = "tcp://127.0.0.1:1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });

        var catalog = await host.Get<LogSourceCatalog>().ListAsync(Admin);

        var dead = Assert.Single(catalog.Nodes, n => n.Node == "dead");
        Assert.False(dead.Reachable);
        Assert.False(string.IsNullOrEmpty(dead.Error));
        Assert.Empty(dead.Containers);
        Assert.Equal("journal:node:dead", dead.Journal?.SourceId.ToString());
        Assert.All(catalog.Nodes.Where(n => n.Node != "dead"), n => Assert.True(n.Reachable, n.Error));
    }

    [Fact]
    public async Task The_engine_event_stream_tells_of_any_container_created_started_and_stopped_so_lists_stay_current()
    {
        await using var host = await HostAsync();
        await host.StartAsync(); // the engine event watcher
        await host.Get<EngineEventWatcher>().WhenWatchingAsync("node2").WaitAsync(TimeSpan.FromSeconds(30));
        using var events = host.Get<LiveEventBus>().Open();
        // Not a service container (no tars labels): the browser lists every container, so it hears of every one.
        var name = $"lgplain{Guid.NewGuid().ToString("N")[..8]}";

        await using var container = await TestContainer.StartAsync(infra.Node2, name, TestContainer.CounterScript);
        await container.StopAsync();

        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!seen.Contains("die"))
        {
            if (await events.Reader.ReadAsync(timeout.Token) is ContainerChanged { NodeName: "node2" } changed && changed.ContainerName == name)
            {
                seen.Add(changed.Action);
            }
        }

        Assert.Equal(["create", "start", "die"], seen);
        var listed = (await host.Get<LogSourceCatalog>().ListAsync(Admin)).Nodes.Single(n => n.Node == "node2").Containers;
        Assert.Equal("exited", Assert.Single(listed, c => c.Name == name).State);
    }
}
