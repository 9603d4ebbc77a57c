using TarsDashboard.Core.Tars.Rpc;
using Xunit;

namespace TarsDashboard.Tests.Tars;

public sealed class TarsEndpointTests
{
    [Theory]
    [InlineData("tcp -h 10.0.0.5 -p 17890", "10.0.0.5", 17890, 0)]
    [InlineData("tcp -h 10.0.0.5 -p 17890 -t 60000", "10.0.0.5", 17890, 60000)]
    [InlineData("  TCP   -p 12000  -h registry.local -t 3000 ", "registry.local", 12000, 3000)]
    [InlineData("tcp -h 127.0.0.1 -p 19385 -t 60000 -e 0 -a 1", "127.0.0.1", 19385, 60000)] // other options ignored
    [InlineData("tcp -h 127.0.0.1 -p 1 -g", "127.0.0.1", 1, 0)]                              // a trailing flag without value
    public void Parses_tars_endpoint_strings(string text, string host, int port, int timeout)
    {
        var endpoint = TarsEndpoint.Parse(text);
        Assert.Equal((host, port, timeout), (endpoint.Host, endpoint.Port, endpoint.TimeoutMs));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("udp -h 10.0.0.5 -p 1", "only tcp")]
    [InlineData("ssl -h 10.0.0.5 -p 1", "only tcp")]
    [InlineData("tcp -h 10.0.0.5", "-p")]
    [InlineData("tcp -p 17890", "-h")]
    [InlineData("tcp -h 10.0.0.5 -p 0", "1-65535")]
    [InlineData("tcp -h 10.0.0.5 -p 70000", "1-65535")]
    [InlineData("tcp -h 10.0.0.5 -p abc", "1-65535")]
    [InlineData("tcp -h 10.0.0.5 -p 1 -t -5", "-t")]
    [InlineData("tcp 10.0.0.5 17890", "not an option")]
    public void Refuses_malformed_endpoints_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => TarsEndpoint.Parse(text));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Writes_itself_back_in_tars_form()
    {
        Assert.Equal("tcp -h 10.0.0.5 -p 17890 -t 60000", TarsEndpoint.Parse("tcp -p 17890 -t 60000 -h 10.0.0.5").ToString());
        Assert.Equal("tcp -h 10.0.0.5 -p 17890", new TarsEndpoint("10.0.0.5", 17890).ToString());
    }

    [Fact]
    public void Parses_an_object_reference_with_several_endpoints_separated_by_colons()
    {
        var reference = TarsObjectRef.Parse(
            "tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890 -t 60000:tcp -h 10.0.0.6 -p 17890: tcp -h 10.0.0.7 -p 17891");

        Assert.Equal("tars.tarsregistry.QueryObj", reference.Servant);
        Assert.Equal(["10.0.0.5", "10.0.0.6", "10.0.0.7"], reference.Endpoints.Select(e => e.Host));
        Assert.Equal(17891, reference.Endpoints[2].Port);
        Assert.Equal("tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890 -t 60000:tcp -h 10.0.0.6 -p 17890:tcp -h 10.0.0.7 -p 17891",
            reference.ToString());
        Assert.Equal("tars.tarsAdminRegistry.AdminRegObj", reference.WithServant("tars.tarsAdminRegistry.AdminRegObj").Servant);
    }

    [Theory]
    [InlineData("tars.tarsregistry.QueryObj", "not an object reference")]
    [InlineData("@tcp -h 10.0.0.5 -p 17890", "not an object reference")]
    [InlineData("tars QueryObj@tcp -h 10.0.0.5 -p 17890", "one word")]
    [InlineData("tars.tarsregistry.QueryObj@", "no endpoint")]
    [InlineData("tars.tarsregistry.QueryObj@tcp -h a -p 1:udp -h b -p 2", "only tcp")]
    public void Refuses_malformed_object_references(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => TarsObjectRef.Parse(text));
        Assert.Contains(reason, error.Message);
    }
}
