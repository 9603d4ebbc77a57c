namespace TarsDashboard.Core.Deploy.Node;

/// <summary>
/// A tarsnode agent container as the seed's "framework in Docker" mode runs it on a node: image, <c>INET</c>,
/// <c>WEB_HOST</c>, <c>TARS_HOSTPATH</c> mounted at <c>/data/tars</c>, <c>/etc/localtime</c>, the Docker socket, ports 9000-9010.
/// </summary>
public sealed class TarsNodeContainerInput
{
    public const string DefaultImage = "tarscloud/tars-node:latest";
    public const string DockerSocket = TarsNodeAgent.DockerSocket;

    public string ContainerName { get; set; } = "tars-node";

    public string Image { get; set; } = DefaultImage;

    /// <summary>The framework's web address the agent registers with, e.g. <c>http://172.25.0.3:3000</c>.</summary>
    public string WebHost { get; set; } = "";

    /// <summary>The network interface whose address tarsnode announces.</summary>
    public string Inet { get; set; } = "eth0";

    /// <summary>The host folder for the agent's data; also its <c>TARS_HOSTPATH</c>, so service containers mount from it.</summary>
    public string HostPath { get; set; } = "/data/tars";

    /// <summary>The node's engine socket on the host, mounted at <c>/var/run/docker.sock</c> so the agent starts service containers there.</summary>
    public string DockerSocketSource { get; set; } = DockerSocket;

    /// <summary><c>host</c>, or a Docker network name (then <see cref="Ports"/> are published).</summary>
    public string Network { get; set; } = "host";

    /// <summary>Published ports as <c>9000-9010</c> or <c>9000,9001</c>; ignored on the host network.</summary>
    public string Ports { get; set; } = "9000-9010";
}
