using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>What a service would get with the settings being edited: its merged config and, in container mode, its container.</summary>
/// <param name="MergedProfile">tars.default ... template ... private profile merged, as Tars config text; null when it cannot be made.</param>
/// <param name="Container">The container spec; null in native mode or when it cannot be made.</param>
/// <param name="Errors">Why something is missing (template chain, profile syntax, volumes, image).</param>
public sealed record ServicePreview(string? MergedProfile, ContainerSpec? Container, IReadOnlyList<FieldError> Errors)
{
    /// <summary>The container as a <c>docker run</c> line, for display.</summary>
    public string? DockerRunLine => Container?.ToDockerRunLine();

    /// <summary>The volumes and ports the template chain itself gives (the private profile adds to them or overrides them).</summary>
    public ContainerSettings Inherited { get; init; } = ContainerSettings.Empty;

    /// <summary>The same command with one option per line.</summary>
    public string? DockerRunLines => Container?.ToDockerRunLines();
}
