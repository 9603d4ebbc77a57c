using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>The Tars naming rules every validator shares: names, node names, their lengths and the default servant.</summary>
public sealed class TarsNamesTests
{
    [Theory]
    [InlineData("Test", true)]
    [InlineData("HelloServer", true)]
    [InlineData("Hello2Obj", true)]
    [InlineData("h", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("9Server", false)]
    [InlineData("Hello_Server", false)]
    [InlineData("Hello.Server", false)]
    [InlineData("Hello-Server", false)]
    [InlineData("Hello Server", false)]
    [InlineData("HelloServer\n", false)]
    [InlineData("Héllo", false)]
    public void A_name_is_a_letter_followed_by_letters_and_digits(string? name, bool valid) =>
        Assert.Equal(valid, TarsNames.IsValidName(name));

    [Theory]
    [InlineData("node1", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("rack-a_host.example", true)]
    [InlineData("1", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("-node", false)]
    [InlineData(".node", false)]
    [InlineData("node 1", false)]
    [InlineData("node1\n", false)]
    [InlineData("node/1", false)]
    public void A_node_name_is_a_host_or_ip(string? name, bool valid) =>
        Assert.Equal(valid, TarsNames.IsValidNodeName(name));

    [Fact]
    public void A_node_name_fits_its_column()
    {
        Assert.True(TarsNames.IsValidNodeName(new string('n', TarsNames.MaxNodeNameLength)));
        Assert.False(TarsNames.IsValidNodeName(new string('n', TarsNames.MaxNodeNameLength + 1)));
    }

    [Fact]
    public void Application_and_server_lengths_leave_room_for_the_servant_in_its_column()
    {
        Assert.Equal(50, TarsNames.MaxApplicationLength);
        Assert.Equal(64, TarsNames.MaxServerNameLength);
    }

    [Theory]
    [InlineData("HelloServer", "HelloObj")]
    [InlineData(" OrderServer ", "OrderObj")]
    [InlineData("Server", "ServerObj")]
    [InlineData("Gateway", "GatewayObj")]
    [InlineData("", "Obj")]
    [InlineData(null, "Obj")]
    public void The_default_servant_drops_the_server_suffix(string? server, string obj) =>
        Assert.Equal(obj, TarsNames.DefaultObjName(server));
}
