using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// Turns validated input into the seed's "framework in Docker" layout: one bridge network with a subnet, the framework
/// container (web on 3000) and N tarsnode containers, each at its fixed address. Pure: no engine, no clock.
/// </summary>
public static class FrameworkDockerPlanBuilder
{
    public const string FrameworkContainerName = "tars-framework";
    public const string NodeContainerPrefix = "tars-node-";
    public const int WebPort = 3000;
    public const int NodeFirstPort = 9000;
    public const int NodePortCount = 11;

    /// <summary>The data folder inside both images; <c>TARS_HOSTPATH</c> names the host folder mounted there.</summary>
    public const string DataFolder = TarsNodeAgent.DataFolder;

    /// <summary>The plan; throws <see cref="Validation.ValidationFailedException"/> first when the input is not valid.</summary>
    public static FrameworkDockerPlan Build(FrameworkDockerInput input, bool requirePassword = true)
    {
        FrameworkDockerValidator.ThrowIfInvalid(input, requirePassword);
        var network = new FrameworkNetworkSpec(input.NetworkName.Trim(), Ipv4Subnet.TryParse(input.Subnet)!.ToString());
        var root = input.TarsHostpath.Trim().TrimEnd('/');
        var frameworkIp = input.FrameworkIp.Trim();

        var frameworkFolder = $"{root}/framework";
        var socket = input.DockerSocket.Trim();
        var containers = new List<FrameworkContainerSpec>
        {
            new()
            {
                Name = FrameworkContainerName,
                Image = $"{input.FrameworkImage.Trim()}:{input.FrameworkTag.Trim()}",
                // The seed's variables, in its order.
                Environment =
                [
                    new("MYSQL_HOST", input.MySqlHost.Trim()),
                    new("MYSQL_ROOT_PASSWORD", input.MySqlPassword),
                    new("MYSQL_USER", input.MySqlUser.Trim()),
                    new("MYSQL_PORT", input.MySqlPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("REBUILD", "false"),
                    new("INET", "eth0"),
                    new("SLAVE", input.Slave ? "true" : "false"),
                    new("TARS_HOSTPATH", frameworkFolder),
                ],
                Binds = TarsNodeAgent.Binds(frameworkFolder, socket),
                Ports = [new(WebPort, "tcp", "", input.WebHostPort)],
                Network = network.Name,
                IpAddress = frameworkIp,
            },
        };

        var nodeIps = input.NodeIpList();
        for (var i = 0; i < input.NodeCount; i++)
        {
            var name = NodeContainerPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var folder = $"{root}/{name}";

            // Several nodes on one engine cannot all publish 9000-9010: node i takes the next block of host ports.
            var hostBase = input.NodeHostPortBase + (i * NodePortCount);
            containers.Add(new FrameworkContainerSpec
            {
                Name = name,
                Image = $"{input.NodeImage.Trim()}:{input.NodeTag.Trim()}",
                Environment = TarsNodeAgent.Environment("eth0", $"http://{frameworkIp}:{WebPort}", folder),
                Binds = TarsNodeAgent.Binds(folder, socket),
                Ports = [.. Enumerable.Range(0, NodePortCount).Select(p => new ContainerPortBinding(NodeFirstPort + p, "tcp", "", hostBase + p))],
                Network = network.Name,
                IpAddress = nodeIps[i],
            });
        }

        return new FrameworkDockerPlan(network, containers);
    }
}
