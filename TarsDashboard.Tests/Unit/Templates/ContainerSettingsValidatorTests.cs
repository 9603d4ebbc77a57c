using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class ContainerSettingsValidatorTests
{
    private const string ServerDir = "/usr/local/app/tars/tarsnode/data/Demo.OrderServer";
    private const string LogDir = "/usr/local/app/tars/app_log";

    [Fact]
    public void Sound_volumes_and_ports_give_no_errors()
    {
        var settings = new ContainerSettings
        {
            Volumes = [new("/data/orders", "/app/orders"), new("/data/shared", "/usr/local/app/tars/shared")],
            Ports = [new(80, "tcp", "192.168.0.1", 80), new(80, "UDP", "", 8080), new(53, "udp", "fd00::53", 5353)],
        };

        Assert.Empty(ContainerSettingsValidator.Validate(settings, ServerDir, LogDir));
    }

    [Theory]
    [InlineData("", "/app", "Volumes[0].HostPath", "Validation.Required")]
    [InlineData("data/orders", "/app", "Volumes[0].HostPath", "Container.Volume.NotAbsolute")]
    [InlineData("/data/../etc", "/app", "Volumes[0].HostPath", "Container.Volume.ParentSegment")]
    [InlineData("/data/a=b", "/app", "Volumes[0].HostPath", "Container.Volume.InvalidCharacter")]
    [InlineData("/data", "   ", "Volumes[0].ContainerPath", "Validation.Required")]
    [InlineData("/data", "app", "Volumes[0].ContainerPath", "Container.Volume.NotAbsolute")]
    [InlineData("/data", "/app/../..", "Volumes[0].ContainerPath", "Container.Volume.ParentSegment")]
    [InlineData("/data", "/app\n</volumes>", "Volumes[0].ContainerPath", "Container.Volume.InvalidCharacter")]
    [InlineData("/data", "/app#x", "Volumes[0].ContainerPath", "Container.Volume.InvalidCharacter")]
    [InlineData("/data", "/app<x>", "Volumes[0].ContainerPath", "Container.Volume.InvalidCharacter")]
    [InlineData("/data", "/app\0", "Volumes[0].ContainerPath", "Container.Volume.InvalidCharacter")]
    [InlineData("/data", ServerDir, "Volumes[0].ContainerPath", "Container.Volume.OverServiceFolder")]
    [InlineData("/data", ServerDir + "/bin/", "Volumes[0].ContainerPath", "Container.Volume.OverServiceFolder")]
    [InlineData("/data", "/usr/local/app/tars//app_log/Demo", "Volumes[0].ContainerPath", "Container.Volume.OverServiceFolder")]
    [InlineData("/tz", "/etc/localtime", "Volumes[0].ContainerPath", "Container.Volume.OverServiceFolder")]
    public void Bad_volume_gives_its_code_on_its_field(string hostPath, string containerPath, string field, string code)
    {
        var errors = Validate(new ContainerSettings { Volumes = [new(hostPath, containerPath)] });

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Same_container_folder_written_differently_is_a_duplicate()
    {
        var errors = Validate(new ContainerSettings { Volumes = [new("/data/a", "/app/data"), new("/data/b", "/app//data/")] });

        var error = Assert.Single(errors);
        Assert.Equal(("Volumes[1].ContainerPath", "Container.Volume.Duplicate"), (error.Field, error.Code));
    }

    [Fact]
    public void Same_host_folder_twice_is_refused_because_tars_keys_volumes_by_host_path()
    {
        var errors = Validate(new ContainerSettings { Volumes = [new("/data/a", "/one"), new("/data/a", "/two")] });

        var error = Assert.Single(errors);
        Assert.Equal(("Volumes[1].HostPath", "Container.Volume.DuplicateHostPath"), (error.Field, error.Code));
    }

    [Theory]
    [InlineData(0, "tcp", "", 80, "Ports[0].ContainerPort", "Container.Port.OutOfRange")]
    [InlineData(65536, "tcp", "", 80, "Ports[0].ContainerPort", "Container.Port.OutOfRange")]
    [InlineData(80, "tcp", "", 0, "Ports[0].HostPort", "Container.Port.OutOfRange")]
    [InlineData(80, "tcp", "", 70000, "Ports[0].HostPort", "Container.Port.OutOfRange")]
    [InlineData(80, "sctp", "", 80, "Ports[0].Protocol", "Container.Port.Protocol")]
    [InlineData(80, "", "", 80, "Ports[0].Protocol", "Validation.Required")]
    [InlineData(80, "tcp", "localhost", 80, "Ports[0].HostIp", "Container.Port.HostIp")]
    [InlineData(80, "tcp", "10.1", 80, "Ports[0].HostIp", "Container.Port.HostIp")]
    [InlineData(80, "tcp", "256.0.0.1", 80, "Ports[0].HostIp", "Container.Port.HostIp")]
    [InlineData(80, "tcp", "[::1]:80", 80, "Ports[0].HostIp", "Container.Port.HostIp")]
    public void Bad_port_gives_its_code_on_its_field(int containerPort, string protocol, string hostIp, int hostPort, string field, string code)
    {
        var errors = Validate(new ContainerSettings { Ports = [new(containerPort, protocol, hostIp, hostPort)] });

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Same_container_port_and_protocol_twice_is_a_duplicate_whatever_the_case()
    {
        var errors = Validate(new ContainerSettings { Ports = [new(80, "tcp", "", 80), new(80, "TCP", "", 8080)] });

        var error = Assert.Single(errors);
        Assert.Equal(("Ports[1].ContainerPort", "Container.Port.Duplicate"), (error.Field, error.Code));
    }

    [Fact]
    public void Every_bad_field_is_reported_with_its_index()
    {
        var errors = Validate(new ContainerSettings
        {
            Volumes = [new("/ok", "/ok"), new("rel", "/logs" + LogDir)],
            Ports = [new(1, "tcp", "", 1), new(2, "icmp", "x", 0)],
        });

        Assert.Equal(["Volumes[1].HostPath", "Ports[1].Protocol", "Ports[1].HostIp", "Ports[1].HostPort"], errors.Select(e => e.Field));
    }

    private static IReadOnlyList<FieldError> Validate(ContainerSettings settings) =>
        ContainerSettingsValidator.Validate(settings, ServerDir, LogDir);
}
