using Bunit;
using NodesPage = TarsDashboard.Components.Pages.Nodes;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The Nodes page over real engines: rows, live state, filter, and the admin-only gate.</summary>
[Collection("infra")]
public sealed class NodesPageTests(InfraFixture infra) : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var nodes = Core.Get<NodeService>();
        await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint, Labels = "rack=a" });
        await nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint, Labels = "rack=b" });
    }

    [Fact]
    public void Lists_every_node_with_its_engine_state()
    {
        var cut = Render<NodesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("td[data-node]").Count));
        Assert.Equal(["node1", "node2"], cut.FindAll("td[data-node]").Select(td => td.GetAttribute("data-node")));
        Assert.All(cut.FindAll("tr:has(td[data-node]) [data-state]"), chip => Assert.Equal("Reachable", chip.GetAttribute("data-state")));
        Assert.NotNull(cut.Find("button[aria-label='Edit node1']"));
        Assert.NotNull(cut.Find("button[aria-label='Remove node2']"));
    }

    [Fact]
    public void The_filter_narrows_the_rows()
    {
        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("td[data-node]").Count));

        cut.Find(".filter input").Input("rack=b");

        cut.WaitForAssertion(() => Assert.Equal(["node2"], cut.FindAll("td[data-node]").Select(td => td.GetAttribute("data-node"))));
    }

    [Fact]
    public async Task A_node_added_elsewhere_appears_without_reload()
    {
        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("td[data-node]").Count));

        await using var engine = new DockerEngineInstance("n3");
        await engine.StartAsync();
        await Core.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node3", Endpoint = engine.Endpoint });

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("td[data-node]").Count), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_developer_sees_no_node_management()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        Auth.SetAuthorized("dev1");

        var cut = Render<NodesPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=access-denied]")));
        Assert.Empty(cut.FindAll("td[data-node]"));
        Assert.DoesNotContain("Add node", cut.Markup);
    }
}
