using System.Globalization;
using Docker.DotNet.Models;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>One container of a framework-in-Docker plan: the framework or a tarsnode, on the plan's network at a fixed address.</summary>
public sealed record FrameworkContainerSpec
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    /// <summary>In the seed's order; values may be secret (see <see cref="FrameworkDockerPlan.SecretEnvNames"/>).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; }

    public required IReadOnlyList<ContainerBind> Binds { get; init; }

    /// <summary>Published on every host interface, host port = container port, as the seed's <c>-p</c> lines.</summary>
    public required IReadOnlyList<ContainerPortBinding> Ports { get; init; }

    public required string Network { get; init; }

    public required string IpAddress { get; init; }

    /// <summary><c>always</c>: the framework and its nodes come back after an engine restart, as with the seed's <c>--restart=always</c>.</summary>
    public string RestartPolicy { get; init; } = "always";

    /// <summary>The Engine API request (one network endpoint with a fixed IPv4 address).</summary>
    public CreateContainerParameters ToCreateParameters() => new()
    {
        Name = Name,
        Image = Image,
        Env = [.. Environment.Select(e => $"{e.Key}={e.Value}")],
        ExposedPorts = Ports.Select(p => p.PortKey).Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k, _ => default(EmptyStruct), StringComparer.Ordinal),
        HostConfig = new HostConfig
        {
            Binds = [.. Binds.Select(b => b.ToString())],
            NetworkMode = Network,
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.Always },
            PortBindings = Ports.GroupBy(p => p.PortKey, StringComparer.Ordinal).ToDictionary(
                g => g.Key,
                g => (IList<PortBinding>)[.. g.Select(p => new PortBinding { HostIP = p.HostIp, HostPort = p.HostPort.ToString(CultureInfo.InvariantCulture) })],
                StringComparer.Ordinal),
        },
        NetworkingConfig = new NetworkingConfig
        {
            EndpointsConfig = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal)
            {
                [Network] = new EndpointSettings { IPAMConfig = new EndpointIPAMConfig { IPv4Address = IpAddress } },
            },
        },
    };
}
