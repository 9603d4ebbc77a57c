using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogSourceLabelTests
{
    [Theory]
    [InlineData("container:node1:App.Server", "App.Server@node1")]
    [InlineData("file:node1:App.Server:/usr/local/app/tars/app_log/App/Server/App.Server.log", "App.Server.log@App.Server")]
    [InlineData("journal:node:node1", "journal@node1")]
    [InlineData("journal:service:App.Server", "journal@App.Server")]
    public void Each_kind_of_source_has_a_short_label(string id, string label) =>
        Assert.Equal(label, LogSourceLabel.Short(LogSourceId.Parse(id)));

    [Fact]
    public void A_source_s_colour_depends_only_on_its_id_and_sources_spread_over_the_palette()
    {
        var ids = Enumerable.Range(0, 64).Select(i => LogSourceId.ForContainer($"node{i}", "App.Server")).ToList();

        var colours = ids.Select(LogSourceLabel.ColorIndex).ToList();

        Assert.Equal(colours, ids.Select(id => LogSourceLabel.ColorIndex(LogSourceId.Parse(id.ToString()))));
        Assert.All(colours, c => Assert.InRange(c, 0, LogSourceLabel.ColorCount - 1));
        Assert.True(colours.Distinct().Count() >= LogSourceLabel.ColorCount / 2);
    }
}
