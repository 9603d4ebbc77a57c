using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Services;

public sealed class ServiceTreeTests
{
    private static readonly ServiceInstanceSummary[] Instances =
    [
        new(1, "Shop", "Cart", "node1", null, "active", "active", "", 0, null, "tars_cpp"),
        new(2, "Shop", "Cart", "node2", "sh.a.1", "inactive", "active", "container", 3, "tarscloud/tars.cppbase:v1", "tars_cpp"),
        new(3, "Shop", "Pay", "node1", null, "active", "active", "container", 3, "tarscloud/tars.cppbase:v1", "tars_go"),
        new(4, "Test", "Hello", "node2", null, "activating", "active", "", 0, null, "tars_java"),
    ];

    [Fact]
    public void Groups_instances_under_their_server_and_application()
    {
        var tree = ServiceTree.Build(Instances);

        Assert.Equal((4, 4), (tree.TotalInstances, tree.MatchedInstances));
        Assert.Equal(["Shop", "Test"], tree.Applications.Select(a => a.Name));
        Assert.Equal(["Shop.Cart", "Shop.Pay"], tree.Applications[0].Servers.Select(s => s.ServiceId));
        Assert.Equal([1, 2], tree.Applications[0].Servers[0].Instances.Select(i => i.Id));
        Assert.Equal(3, tree.Applications[0].InstanceCount);
    }

    [Theory]
    [InlineData("shop.cart", null, null, null, new[] { 1, 2 })]
    [InlineData("cppbase node2", null, null, null, new[] { 2 })]
    [InlineData("sh.a", null, null, null, new[] { 2 })]
    [InlineData(null, "active", null, null, new[] { 1, 3 })]
    [InlineData(null, null, "node2", null, new[] { 2, 4 })]
    [InlineData(null, null, null, "container", new[] { 2, 3 })]
    [InlineData(null, null, null, "", new[] { 1, 4 })]
    [InlineData("java", null, "node2", "", new[] { 4 })]
    [InlineData("nothing-like-this", null, null, null, new int[0])]
    public void Filters_by_words_state_node_and_run_mode(string? search, string? state, string? node, string? runType, int[] expected)
    {
        var tree = ServiceTree.Build(Instances, new ServiceTreeFilter(search, state, node, runType));

        Assert.Equal(expected, tree.Applications.SelectMany(a => a.Servers).SelectMany(s => s.Instances).Select(i => i.Id));
        Assert.Equal(expected.Length, tree.MatchedInstances);
        Assert.Equal(4, tree.TotalInstances);
    }
}
