namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>Where one step of a framework deployment is.</summary>
public enum FrameworkDeployStepState
{
    Running,
    Done,
    Failed,
}
