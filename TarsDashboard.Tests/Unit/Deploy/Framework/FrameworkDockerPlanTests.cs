using TarsDashboard.Core.Deploy.Framework;
using TarsDashboard.Core.Validation;
using Xunit;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The framework-in-Docker plan and its validation: pure, no engine.</summary>
public sealed class FrameworkDockerPlanTests
{
    internal static FrameworkDockerInput ValidInput() => new()
    {
        MySqlHost = "db.example.com",
        MySqlPort = 3306,
        MySqlUser = "root",
        MySqlPassword = "s3cret'pw",
        NetworkName = "tars",
        Subnet = "172.25.0.0/16",
        FrameworkIp = "172.25.0.3",
        NodeIps = "172.25.0.5, 172.25.0.6",
        TarsHostpath = "/data",
        FrameworkImage = "tarscloud/framework",
        FrameworkTag = "v3.0.19",
        NodeImage = "tarscloud/tars-node",
        NodeTag = "latest",
        NodeCount = 2,
    };

    private static List<string> FieldsOf(FrameworkDockerInput input) => [.. FrameworkDockerValidator.Validate(input).Select(e => e.Field)];

    private static string CodeOf(FrameworkDockerInput input, string field) =>
        Assert.Single(FrameworkDockerValidator.Validate(input), e => e.Field == field).Code;

    [Fact]
    public void Valid_input_has_no_errors()
    {
        Assert.Empty(FrameworkDockerValidator.Validate(ValidInput()));
    }

    [Fact]
    public void Plan_has_the_network_the_framework_and_one_container_per_node_with_the_seed_env()
    {
        var plan = FrameworkDockerPlanBuilder.Build(ValidInput());

        Assert.Equal(new FrameworkNetworkSpec("tars", "172.25.0.0/16"), plan.Network);
        Assert.Equal(["tars-framework", "tars-node-0", "tars-node-1"], plan.Containers.Select(c => c.Name));

        var framework = plan.Containers[0];
        Assert.Equal("tarscloud/framework:v3.0.19", framework.Image);
        Assert.Equal(
            ["MYSQL_HOST=db.example.com", "MYSQL_ROOT_PASSWORD=s3cret'pw", "MYSQL_USER=root", "MYSQL_PORT=3306", "REBUILD=false", "INET=eth0",
                "SLAVE=false", "TARS_HOSTPATH=/data/framework"],
            framework.Environment.Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal(["/data/framework:/data/tars", "/etc/localtime:/etc/localtime:ro", "/var/run/docker.sock:/var/run/docker.sock"],
            framework.Binds.Select(b => b.ToString()));
        Assert.Equal(["3000:3000/tcp"], framework.Ports.Select(p => p.ToString()));
        Assert.Equal(("tars", "172.25.0.3", "always"), (framework.Network, framework.IpAddress, framework.RestartPolicy));

        var node = plan.Containers[2];
        Assert.Equal("tarscloud/tars-node:latest", node.Image);
        Assert.Equal(["INET=eth0", "WEB_HOST=http://172.25.0.3:3000", "TARS_HOSTPATH=/data/tars-node-1"], node.Environment.Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal("/data/tars-node-1:/data/tars", node.Binds[0].ToString());
        Assert.Equal(11, node.Ports.Count);
        Assert.Equal("9011:9000/tcp", node.Ports[0].ToString());
        Assert.Equal("172.25.0.6", node.IpAddress);
    }

    [Fact]
    public void Slave_sets_SLAVE_true()
    {
        var input = ValidInput();
        input.Slave = true;
        var env = FrameworkDockerPlanBuilder.Build(input).Containers[0].Environment;
        Assert.Contains(env, e => e is { Key: "SLAVE", Value: "true" });
    }

    [Fact]
    public void Create_parameters_put_the_container_on_the_network_at_its_fixed_address()
    {
        var parameters = FrameworkDockerPlanBuilder.Build(ValidInput()).Containers[1].ToCreateParameters();
        Assert.Equal("tars", parameters.HostConfig!.NetworkMode);
        Assert.Equal("172.25.0.5", parameters.NetworkingConfig!.EndpointsConfig["tars"].IPAMConfig!.IPv4Address);
        Assert.Equal("9000", parameters.HostConfig.PortBindings["9000/tcp"][0].HostPort);
    }

    [Theory]
    [InlineData("-tars")]
    [InlineData("tars net")]
    [InlineData("tars;rm")]
    [InlineData("")]
    public void Bad_network_names_are_refused(string name)
    {
        var input = ValidInput();
        input.NetworkName = name;
        Assert.Equal([nameof(FrameworkDockerInput.NetworkName)], FieldsOf(input));
    }

    [Theory]
    [InlineData("172.25.0.0")]
    [InlineData("172.25.0.0/33")]
    [InlineData("fe80::/64")]
    [InlineData("10.0.0.0/x")]
    public void Bad_subnets_are_refused(string subnet)
    {
        var input = ValidInput();
        input.Subnet = subnet;
        Assert.Equal("Framework.Validation.Subnet", CodeOf(input, nameof(FrameworkDockerInput.Subnet)));
    }

    [Fact]
    public void An_address_outside_the_subnet_is_refused_on_its_field()
    {
        var input = ValidInput();
        input.FrameworkIp = "10.1.2.3";
        Assert.Equal("Framework.Validation.OutsideSubnet", CodeOf(input, nameof(FrameworkDockerInput.FrameworkIp)));

        input = ValidInput();
        input.NodeIps = "172.25.0.5, 172.26.0.6";
        Assert.Equal("Framework.Validation.OutsideSubnet", CodeOf(input, nameof(FrameworkDockerInput.NodeIps)));
    }

    [Fact]
    public void The_network_and_broadcast_addresses_and_the_gateway_are_refused()
    {
        foreach (var (ip, code) in new[]
        {
            ("172.25.0.0", "Framework.Validation.OutsideSubnet"), ("172.25.255.255", "Framework.Validation.OutsideSubnet"),
            ("172.25.0.1", "Framework.Validation.GatewayIp"),
        })
        {
            var input = ValidInput();
            input.FrameworkIp = ip;
            Assert.Equal(code, CodeOf(input, nameof(FrameworkDockerInput.FrameworkIp)));
        }
    }

    [Fact]
    public void Duplicate_addresses_are_refused()
    {
        var input = ValidInput();
        input.NodeIps = "172.25.0.3, 172.25.0.6";
        Assert.Equal("Framework.Validation.DuplicateIp", CodeOf(input, nameof(FrameworkDockerInput.NodeIps)));

        input.NodeIps = "172.25.0.6 172.25.0.6";
        Assert.Equal("Framework.Validation.DuplicateIp", CodeOf(input, nameof(FrameworkDockerInput.NodeIps)));
    }

    [Fact]
    public void One_node_address_per_node_is_required()
    {
        var input = ValidInput();
        input.NodeCount = 3;
        Assert.Equal("Framework.Validation.NodeIpCount", CodeOf(input, nameof(FrameworkDockerInput.NodeIps)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-1)]
    public void Bad_ports_are_refused(int port)
    {
        var input = ValidInput();
        input.MySqlPort = port;
        Assert.Equal("Validation.Range", CodeOf(input, nameof(FrameworkDockerInput.MySqlPort)));
    }

    [Theory]
    [InlineData("data/tars")]
    [InlineData("/data/../etc")]
    [InlineData("/data:/etc")]
    [InlineData("")]
    public void Relative_or_escaping_host_paths_are_refused(string path)
    {
        var input = ValidInput();
        input.TarsHostpath = path;
        Assert.Equal([nameof(FrameworkDockerInput.TarsHostpath)], FieldsOf(input));
    }

    [Theory]
    [InlineData("TarsCloud/Framework", nameof(FrameworkDockerInput.FrameworkImage))]
    [InlineData("tarscloud/framework:v3", nameof(FrameworkDockerInput.FrameworkImage))]
    [InlineData("tarscloud/framework", nameof(FrameworkDockerInput.FrameworkTag), "-bad")]
    public void Bad_image_references_are_refused(string image, string field, string tag = "latest")
    {
        var input = ValidInput();
        input.FrameworkImage = image;
        input.FrameworkTag = tag;
        Assert.Equal([field], FieldsOf(input));
    }

    [Theory]
    [InlineData("db host")]
    [InlineData("db;rm -rf /")]
    [InlineData("")]
    public void Bad_hosts_are_refused(string host)
    {
        var input = ValidInput();
        input.MySqlHost = host;
        Assert.Equal([nameof(FrameworkDockerInput.MySqlHost)], FieldsOf(input));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Node_count_is_1_to_the_maximum(int count)
    {
        var input = ValidInput();
        input.NodeCount = count;
        Assert.Contains(FrameworkDockerValidator.Validate(input), e => e.Field == nameof(FrameworkDockerInput.NodeCount) && e.Code == "Validation.Range");
    }

    [Fact]
    public void A_missing_password_is_refused_for_a_deployment_but_not_for_an_export()
    {
        var input = ValidInput();
        input.MySqlPassword = "";
        Assert.Equal([nameof(FrameworkDockerInput.MySqlPassword)], FieldsOf(input));
        Assert.Empty(FrameworkDockerValidator.Validate(input, requirePassword: false));
        Assert.Throws<ValidationFailedException>(() => FrameworkDockerPlanBuilder.Build(input));
    }

    [Fact]
    public void Each_step_reports_only_its_own_fields()
    {
        var input = ValidInput();
        input.MySqlHost = "";
        input.TarsHostpath = "relative";
        Assert.Equal([nameof(FrameworkDockerInput.MySqlHost)], FrameworkDockerValidator.ValidateStep(input, 0).Select(e => e.Field));
        Assert.Empty(FrameworkDockerValidator.ValidateStep(input, 1));
        Assert.Equal([nameof(FrameworkDockerInput.TarsHostpath)], FrameworkDockerValidator.ValidateStep(input, 2).Select(e => e.Field));
    }

    [Fact]
    public void A_node_count_that_does_not_match_the_addresses_is_reported_on_the_count_step()
    {
        var input = ValidInput();
        input.NodeCount = 3;
        Assert.Empty(FrameworkDockerValidator.ValidateStep(input, 1));
        var error = Assert.Single(FrameworkDockerValidator.ValidateStep(input, 2));
        Assert.Equal((nameof(FrameworkDockerInput.NodeCount), "Framework.Validation.NodeIpCount"), (error.Field, error.Code));
    }

    [Fact]
    public void The_draft_json_never_carries_the_password()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(ValidInput());
        Assert.DoesNotContain("s3cret", json, StringComparison.Ordinal);
        Assert.DoesNotContain("MySqlPassword", json, StringComparison.Ordinal);
    }
}
