using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Deploy;

/// <summary>
/// The tarsnode agent container as the seed's "framework in Docker" mode lists it, shared by the add-node wizard
/// (one agent on a node) and the framework wizard (N agents beside the framework): its environment and mounts.
/// </summary>
public static class TarsNodeAgent
{
    /// <summary>The data folder inside the tars-node and framework images; <c>TARS_HOSTPATH</c> names the host folder mounted there.</summary>
    public const string DataFolder = "/data/tars";

    public const string DockerSocket = "/var/run/docker.sock";

    public const string LocalTime = "/etc/localtime";

    /// <summary><c>INET</c>, <c>WEB_HOST</c>, <c>TARS_HOSTPATH</c>, in the seed's order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(string inet, string webHost, string hostPath) =>
    [
        new("INET", inet),
        new("WEB_HOST", webHost),
        new("TARS_HOSTPATH", hostPath),
    ];

    /// <summary>The host folder at <see cref="DataFolder"/>, the host's clock (read-only), and the engine socket the agent starts services through.</summary>
    public static IReadOnlyList<ContainerBind> Binds(string hostPath, string dockerSocketSource) =>
    [
        new(hostPath, DataFolder),
        new(LocalTime, LocalTime, ReadOnly: true),
        new(dockerSocketSource, DockerSocket),
    ];
}
