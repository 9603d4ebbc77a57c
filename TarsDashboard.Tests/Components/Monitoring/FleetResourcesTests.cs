using Bunit;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Nodes;
using Xunit;

namespace TarsDashboard.Tests.Components.Monitoring;

/// <summary>The Overview's per-node resources block, fed by the real <see cref="TarsDashboard.Core.Monitoring.ResourceMonitor"/>.</summary>
public sealed class FleetResourcesTests : DashboardComponentTest
{
    [Fact]
    public void Without_nodes_it_says_there_is_nothing_to_measure()
    {
        var cut = Render<FleetResources>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=fleet-empty]")));
    }

    [Fact]
    public async Task A_node_whose_engine_does_not_answer_shows_with_nothing_used_and_no_worst_services()
    {
        var now = DateTime.UtcNow;
        await Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "n1", Endpoint = "unix:///tmp/tdash-no-engine-here.sock", CreatedAt = now, UpdatedAt = now, UpdatedBy = "test",
        });

        var cut = Render<FleetResources>();

        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-fleet-node=n1]").GetAttribute("data-cpu")));
        Assert.Empty(cut.FindAll("[data-worst]"));
        Assert.Equal(2, cut.FindAll("[data-fleet-node=n1] [aria-label]").Count(e => e.GetAttribute("aria-label")!.Contains("n1", StringComparison.Ordinal)));
    }
}
