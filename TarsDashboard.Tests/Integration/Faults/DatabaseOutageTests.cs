using System.Net;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Web;
using Xunit;

namespace TarsDashboard.Tests.Faults;

/// <summary>MariaDB stopped and restarted under a running dashboard; an engine stopped under an edit.</summary>
[Collection("infra")]
public sealed class DatabaseOutageTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task With_the_database_down_operations_fail_cleanly_and_everything_recovers_without_a_restart()
    {
        await using var mariaDb = new MariaDbInstance();
        await mariaDb.StartAsync();
        var connectionString = await mariaDb.CreateDatabaseAsync("db_tars");
        using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql",
            ["ConnectionStrings:Tars"] = connectionString + ";Connection Timeout=3",
        });
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        var nodes = app.Get<NodeService>();
        await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });

        await mariaDb.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint }));
        Assert.IsNotType<ValidationFailedException>(failure);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode); // pages still render

        await mariaDb.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(["node1"], (await nodes.ListAsync(Admin)).Select(n => n.NodeName)); // nothing half-written
        await nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
        Assert.Equal(2, (await nodes.ListAsync(Admin)).Count);
        Assert.True((await app.Get<DatabaseStatus>().PingAsync()).Ok);
    }

    [Fact]
    public async Task An_engine_that_stops_during_an_edit_leaves_the_node_as_it_was()
    {
        await using var engine = new DockerEngineInstance("edit");
        await engine.StartAsync();
        await using var other = new DockerEngineInstance("edit2");
        await other.StartAsync();
        using var app = new DashboardApp();
        var nodes = app.Get<NodeService>();
        var row = await nodes.AddAsync(Admin, new NodeInput { Name = "edit", Endpoint = engine.Endpoint });

        await other.StopAsync();
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            nodes.UpdateAsync(Admin, "edit", new NodeInput { Endpoint = other.Endpoint, Labels = "moved" }, row.RowVersion));

        Assert.Equal("Node.Endpoint.Unreachable", refused.For("Endpoint")?.Code);
        var kept = (await nodes.GetAsync(Admin, "edit"))!;
        Assert.Equal((engine.Endpoint, "", row.RowVersion), (kept.Endpoint, kept.Labels, kept.RowVersion));
    }
}
