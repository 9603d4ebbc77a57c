using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class ContainerSettingsReaderTests
{
    [Fact]
    public void Reads_the_documented_example_and_drops_trailing_notes()
    {
        var document = TarsConfigParser.Parse("""
            <tars>
              <application>
                <container>
                  <volumes>
                    /data/host/path=/data/docker/path        # host path = container path
                  </volumes>
                  <ports>
                    80/tcp=192.168.0.1:80                    # container port/proto = host ip:host port
                    7778/udp=192.168.0.1:7778
                  </ports>
                </container>
              </application>
            </tars>
            """).Document!;

        var result = ContainerSettingsReader.Read(document);

        Assert.Empty(result.Errors);
        Assert.Equal([new VolumeMapping("/data/host/path", "/data/docker/path")], result.Settings.Volumes);
        Assert.Equal(
            [new PortMapping(80, "tcp", "192.168.0.1", 80), new PortMapping(7778, "udp", "192.168.0.1", 7778)],
            result.Settings.Ports);
    }

    [Fact]
    public void Port_without_protocol_is_tcp_and_host_side_may_omit_the_address_or_bracket_ipv6()
    {
        var result = ContainerSettingsReader.Read(Ports("9000=9000", "53/UDP=[::1]:5353"));

        Assert.Equal([new PortMapping(9000, "tcp", "", 9000), new PortMapping(53, "udp", "::1", 5353)], result.Settings.Ports);
    }

    [Fact]
    public void Unreadable_port_line_is_reported_and_left_out()
    {
        var result = ContainerSettingsReader.Read(Ports("http/tcp=0.0.0.0:80", "81/tcp=0.0.0.0:81"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("Container.Port.Malformed", error.Code);
        Assert.Equal("Ports", error.Field);
        Assert.Equal([81], result.Settings.Ports.Select(p => p.ContainerPort));
    }

    [Fact]
    public void Profile_without_container_sections_has_no_settings()
    {
        var result = ContainerSettingsReader.Read(TarsConfigParser.Parse(DefaultTemplate.Profile).Document!);

        Assert.Equal(ContainerSettings.Empty, result.Settings);
        Assert.Empty(result.Errors);
    }

    private static TarsConfigDocument Ports(params string[] lines) => TarsConfigParser.Parse(
        "<tars>\n<application>\n<container>\n<ports>\n" + string.Join("\n", lines) + "\n</ports>\n</container>\n</application>\n</tars>")
        .Document!;
}
