using TarsDashboard.Core.Nodes;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

public sealed class EngineEndpointTests
{
    [Theory]
    [InlineData("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    [InlineData("/var/run/docker.sock", "unix:///var/run/docker.sock")]
    [InlineData("tcp://10.0.0.5:2376", "tcp://10.0.0.5:2376")]
    [InlineData("10.0.0.5:2375", "tcp://10.0.0.5:2375")]
    [InlineData(" tcp://node-1.example.com:2376 ", "tcp://node-1.example.com:2376")]
    [InlineData("tcp://[::1]:2375", "tcp://[::1]:2375")]
    public void Accepts_engine_addresses_and_normalises_them(string input, string expected)
    {
        var endpoint = EngineEndpoint.TryParse(input, out var error);

        Assert.Null(error);
        Assert.Equal(expected, endpoint!.ToString());
    }

    [Theory]
    [InlineData("", "Validation.Required")]
    [InlineData("   ", "Validation.Required")]
    [InlineData("http://10.0.0.5:2375", "Node.Endpoint.Malformed")]
    [InlineData("tcp://10.0.0.5", "Node.Endpoint.Malformed")]
    [InlineData("tcp://10.0.0.5:0", "Node.Endpoint.Malformed")]
    [InlineData("tcp://10.0.0.5:70000", "Node.Endpoint.Malformed")]
    [InlineData("tcp://host:2375/path", "Node.Endpoint.Malformed")]
    [InlineData("tcp://user:pw@host:2375", "Node.Endpoint.Malformed")]
    [InlineData("tcp://bad_host!:2375", "Node.Endpoint.Malformed")]
    [InlineData("unix://relative.sock", "Node.Endpoint.Malformed")]
    [InlineData("unix:///var/run/../../etc/passwd", "Node.Endpoint.Malformed")]
    [InlineData("unix:///tmp/a.sock; rm -rf /", "Node.Endpoint.Malformed")]
    [InlineData("/tmp/$(reboot).sock", "Node.Endpoint.Malformed")]
    public void Refuses_what_is_not_an_engine_address_with_a_reason(string input, string code)
    {
        var endpoint = EngineEndpoint.TryParse(input, out var error);

        Assert.Null(endpoint);
        Assert.Equal(("Endpoint", code), (error!.Field, error.Code));
    }

    [Fact]
    public void Refuses_an_oversized_endpoint()
    {
        Assert.Null(EngineEndpoint.TryParse("tcp://" + new string('a', 300) + ":2375", out var error));
        Assert.Equal("Validation.TooLong", error!.Code);
    }
}
