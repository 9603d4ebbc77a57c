namespace TarsDashboard.Core.Deploy.Service;

/// <summary>The steps of the service wizard, in order; each is validated before the next one opens.</summary>
public enum ServiceDeployStep
{
    Application = 0,
    Server = 1,
    Set = 2,
    People = 3,
    Nodes = 4,
    Adapters = 5,
    Container = 6,
    Review = 7,
}
