using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Services;

public sealed class EndpointTextTests
{
    [Fact]
    public void Reads_the_endpoint_tars_writes()
    {
        var endpoint = EndpointText.Parse("tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0");

        Assert.Equal(("tcp", "10.0.0.7", 12000, 60000, 0), (endpoint.Transport, endpoint.Host, endpoint.Port, endpoint.TimeoutMs, endpoint.Auth));
        Assert.Empty(endpoint.Extra);
    }

    [Fact]
    public void Formats_in_tars_order_whatever_order_it_was_read_in()
    {
        var endpoint = EndpointText.Parse("  UDP   -p 7778 -e 1 -h tars-node-0.tars-node   ");

        Assert.Equal("udp -h tars-node-0.tars-node -t 60000 -p 7778 -e 1", endpoint.ToString());
    }

    [Fact]
    public void Keeps_options_it_does_not_interpret()
    {
        var text = "tcp -h 127.0.0.1 -t 3000 -p 9000 -e 0 -g 2 -q";

        var endpoint = EndpointText.Parse(text);

        Assert.Equal([new("-g", "2"), new("-q", "")], endpoint.Extra);
        Assert.Equal(text, endpoint.ToString());
        Assert.Equal(endpoint, EndpointText.Parse(endpoint.ToString()));
    }

    [Fact]
    public void Builds_the_default_endpoint_of_a_new_adapter()
    {
        Assert.Equal("tcp -h 192.168.1.5 -t 60000 -p 23456 -e 0", new EndpointText("tcp", "192.168.1.5", 23456).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-h 1.2.3.4 -p 80")]
    [InlineData("tcp -p 80")]
    [InlineData("tcp -h 1.2.3.4")]
    [InlineData("tcp -h 1.2.3.4 -p eighty")]
    [InlineData("tcp -h 1.2.3.4 -p 80 -t soon")]
    [InlineData("tcp -h 1.2.3.4 stray -p 80")]
    [InlineData("tcp4! -h 1.2.3.4 -p 80")]
    public void Refuses_what_is_not_an_endpoint(string text)
    {
        Assert.Null(EndpointText.TryParse(text));
        Assert.Throws<FormatException>(() => EndpointText.Parse(text));
    }
}
