using TarsDashboard.Core.Configs;
using Xunit;

namespace TarsDashboard.Tests.Configs;

public sealed class ConfigMergeTests
{
    [Fact]
    public void Parts_are_joined_in_tarsconfig_order_with_empty_ones_left_out()
    {
        Assert.Equal("r1\r\n\r\nserver\r\n\r\nr2\r\n\r\nnode", ConfigMerge.Merge(["r1", ""], "server", [null, "r2"], "node"));
        Assert.Equal("node", ConfigMerge.Merge([], null, [], "node"));
        Assert.Equal("", ConfigMerge.Merge([], "", [], null));
    }
}
