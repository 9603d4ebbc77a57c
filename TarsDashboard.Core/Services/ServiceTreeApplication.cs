namespace TarsDashboard.Core.Services;

/// <summary>An application in the service tree.</summary>
public sealed record ServiceTreeApplication(string Name, IReadOnlyList<ServiceTreeServer> Servers)
{
    public int InstanceCount => Servers.Sum(s => s.Instances.Count);
}
