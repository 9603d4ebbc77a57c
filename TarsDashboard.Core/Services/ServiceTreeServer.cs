namespace TarsDashboard.Core.Services;

/// <summary>A server (<c>App.Server</c>) in the service tree with its instances, one per node.</summary>
public sealed record ServiceTreeServer(string Application, string Name, IReadOnlyList<ServiceInstanceSummary> Instances)
{
    public string ServiceId => $"{Application}.{Name}";
}
