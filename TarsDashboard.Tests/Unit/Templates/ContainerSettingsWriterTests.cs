using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class ContainerSettingsWriterTests
{
    private const string PrivateProfile = """
        # private settings of Demo.OrderServer
        <tars>
          <application>
            <server>
              # quieter in production
              logLevel=ERROR
            </server>
            <container>
              # keep the image's timezone files
              keep=1
              <volumes>
                # order archive
                /data/orders=/app/orders
                /data/old=/app/old
              </volumes>
              <ports>
                8080/tcp=10.0.0.5:18080
              </ports>
            </container>
          </application>
          <business>
            url=https://example.test/a?b=c
          </business>
        </tars>
        """;

    private static readonly ContainerSettings Edited = new()
    {
        Volumes = [new("/data/orders", "/app/orders"), new("/data/cache", "/app/cache")],
        Ports = [new(8080, "TCP", "10.0.0.5", 18080), new(9090, "udp", "", 19090), new(7000, "tcp", "fd00::1", 17000)],
    };

    [Fact]
    public void Edited_settings_saved_into_a_profile_read_back_equal()
    {
        var saved = ContainerSettingsWriter.Apply(PrivateProfile, Edited);

        Assert.True(saved.Succeeded);
        var readBack = ContainerSettingsReader.Read(TarsConfigParser.Parse(saved.Profile).Document!);
        Assert.Empty(readBack.Errors);
        Assert.Equal(Edited.Volumes, readBack.Settings.Volumes);
        Assert.Equal(
            [new PortMapping(8080, "tcp", "10.0.0.5", 18080), new PortMapping(9090, "udp", "0.0.0.0", 19090), new PortMapping(7000, "tcp", "fd00::1", 17000)],
            readBack.Settings.Ports);
    }

    [Fact]
    public void Everything_outside_volumes_and_ports_is_left_as_it_was()
    {
        var before = TarsConfigParser.Parse(PrivateProfile).Document!;

        var after = TarsConfigParser.Parse(ContainerSettingsWriter.Apply(PrivateProfile, Edited).Profile!).Document!;

        Assert.Equal(before.FindSection("tars", "application", "server"), after.FindSection("tars", "application", "server"));
        Assert.Equal(before.FindSection("tars", "business"), after.FindSection("tars", "business"));
        Assert.Equal(before.Sections[0].Comments, after.Sections[0].Comments);
        Assert.Equal(before.FindSection("tars", "application", "container")!.Entries, after.FindSection("tars", "application", "container")!.Entries);
    }

    [Fact]
    public void Port_lines_are_written_lowercase_with_every_interface_and_ipv6_spelled_out()
    {
        var text = ContainerSettingsWriter.Apply(PrivateProfile, Edited).Profile!;

        Assert.Contains("8080/tcp=10.0.0.5:18080\n", text);
        Assert.Contains("9090/udp=0.0.0.0:19090\n", text);
        Assert.Contains("7000/tcp=[fd00::1]:17000\n", text);
    }

    [Fact]
    public void Comment_above_a_volume_stays_while_its_host_path_stays()
    {
        var document = ContainerSettingsWriter.Apply(TarsConfigParser.Parse(PrivateProfile).Document!, Edited);

        var volumes = document.FindSection("tars", "application", "container", "volumes")!;
        Assert.Equal(["# order archive"], volumes.Entries[0].Comments);
        Assert.Empty(volumes.Entries[1].Comments);
    }

    [Fact]
    public void Sections_are_created_when_the_profile_has_none()
    {
        var saved = ContainerSettingsWriter.Apply("", new ContainerSettings { Volumes = [new("/data/a", "/a")] });

        Assert.Equal("<tars>\n  <application>\n    <container>\n      <volumes>\n        /data/a=/a\n      </volumes>\n    </container>\n  </application>\n</tars>\n",
            saved.Profile);
    }

    [Fact]
    public void Clearing_the_settings_removes_the_sections_and_a_container_left_empty()
    {
        const string profile = "<tars>\n<application>\n<server>\napp=A\n</server>\n<container>\n<ports>\n80/tcp=0.0.0.0:80\n</ports>\n</container>\n</application>\n</tars>";

        var saved = ContainerSettingsWriter.Apply(profile, ContainerSettings.Empty);

        Assert.Equal("<tars>\n  <application>\n    <server>\n      app=A\n    </server>\n  </application>\n</tars>\n", saved.Profile);
    }

    [Fact]
    public void Profile_that_does_not_parse_is_not_edited_and_its_errors_are_returned()
    {
        var saved = ContainerSettingsWriter.Apply("<tars>\n<application>\n</tars>", Edited);

        Assert.False(saved.Succeeded);
        Assert.Equal(3, saved.Errors[0].Line);
    }
}
