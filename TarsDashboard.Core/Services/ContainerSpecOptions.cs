namespace TarsDashboard.Core.Services;

/// <summary>How a node runs containers; the defaults are the Linux nodes Tars supports.</summary>
public sealed record ContainerSpecOptions
{
    public static ContainerSpecOptions Default { get; } = new();

    /// <summary><c>host</c>, or a Docker network name for nodes where the host network is not available.</summary>
    public string NetworkMode { get; init; } = ContainerSpec.HostNetwork;

    /// <summary>The service's adapter endpoints; off the host network each one's port is published too.</summary>
    public IReadOnlyList<EndpointText> AdapterEndpoints { get; init; } = [];
}
