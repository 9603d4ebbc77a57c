using System.Text.Json.Serialization;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// What the "framework in Docker" wizard asks for. Kept as a wizard draft, so the MySQL password is never serialized:
/// the user types it again after resuming.
/// </summary>
public sealed class FrameworkDockerInput
{
    public string MySqlHost { get; set; } = "";

    public int MySqlPort { get; set; } = 3306;

    public string MySqlUser { get; set; } = "root";

    /// <summary>Goes into the framework container's env (the image needs it) and nowhere else.</summary>
    [JsonIgnore]
    public string MySqlPassword { get; set; } = "";

    public string NetworkName { get; set; } = "tars";

    public string Subnet { get; set; } = "172.25.0.0/16";

    public string FrameworkIp { get; set; } = "172.25.0.3";

    /// <summary>One address per tarsnode container, separated by commas, spaces or new lines.</summary>
    public string NodeIps { get; set; } = "172.25.0.5";

    /// <summary>Host folder root: the framework keeps its data in <c>framework/</c>, each node in a folder named as its container.</summary>
    public string TarsHostpath { get; set; } = "/data";

    public string FrameworkImage { get; set; } = "tarscloud/framework";

    public string FrameworkTag { get; set; } = "latest";

    public string NodeImage { get; set; } = "tarscloud/tars-node";

    public string NodeTag { get; set; } = "latest";

    /// <summary>A slave framework joins the database of an existing master instead of initialising it.</summary>
    public bool Slave { get; set; }

    public int NodeCount { get; set; } = 1;

    /// <summary>The host port the web platform is published on (container port 3000).</summary>
    public int WebHostPort { get; set; } = 3000;

    /// <summary>First host port of node 0's block of 11 (container ports 9000-9010); node i starts 11 ports later.</summary>
    public int NodeHostPortBase { get; set; } = 9000;

    /// <summary>The engine's socket on the node, mounted into the framework and nodes so tarsnode can start containers.</summary>
    public string DockerSocket { get; set; } = "/var/run/docker.sock";

    /// <summary>Remove a container or network of the same name first instead of refusing.</summary>
    public bool Replace { get; set; }

    public IReadOnlyList<string> NodeIpList() =>
        NodeIps.Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
