namespace TarsDashboard.Core.Deploy;

/// <summary>Where a wizard's deployment step stands in its progress view.</summary>
public enum DeployStepState
{
    Running,
    Succeeded,
    Failed,
    Skipped,
}
