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

public sealed class ConfigLineEndingsTests
{
    [Theory]
    [InlineData("a\r\nb\r\n", "a\nc\n", "a\r\nc\r\n")]
    [InlineData("a\nb\n", "a\nc\n", "a\nc\n")]
    [InlineData("a\r\nb\n", "a\nc\n", "a\nc\n")]
    [InlineData("a\r\nb", "a\r\nc\n", "a\r\nc\n")]
    [InlineData("", "a\nb", "a\nb")]
    public void A_crlf_file_stays_crlf_through_a_textarea_edit(string original, string edited, string expected)
    {
        Assert.Equal(expected, ConfigLineEndings.Keep(original, edited));
    }
}
