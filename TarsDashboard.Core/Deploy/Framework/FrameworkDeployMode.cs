namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>The seed's four ways to deploy the Tars framework.</summary>
public enum FrameworkDeployMode
{
    Docker,
    Kubernetes,
    Source,

    /// <summary>Planned upstream, not built: shown, never selectable.</summary>
    KubernetesIntegrated,
}
