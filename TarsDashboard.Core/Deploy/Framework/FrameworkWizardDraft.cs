namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>The framework wizard as kept in a draft (kind <see cref="Kind"/>): the mode and each mode's input, passwords excluded.</summary>
public sealed class FrameworkWizardDraft
{
    public const string Kind = "framework";

    public FrameworkDeployMode Mode { get; set; } = FrameworkDeployMode.Docker;

    public FrameworkDockerInput Docker { get; set; } = new();

    public FrameworkKubernetesInput Kubernetes { get; set; } = new();

    public SourceBuildInput Source { get; set; } = new();

    /// <summary>The node the Docker mode deploys to.</summary>
    public string? NodeName { get; set; }
}
