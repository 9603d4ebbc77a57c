namespace TarsDashboard.Core.Templates;

/// <summary>The container-mode settings a template carries under <c>&lt;tars&gt;&lt;application&gt;&lt;container&gt;</c>.</summary>
public sealed record ContainerSettings
{
    public static ContainerSettings Empty { get; } = new();

    public IReadOnlyList<VolumeMapping> Volumes { get; init; } = [];

    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    public bool Equals(ContainerSettings? other) =>
        other is not null && Volumes.SequenceEqual(other.Volumes) && Ports.SequenceEqual(other.Ports);

    public override int GetHashCode() => HashCode.Combine(Volumes.Count, Ports.Count);
}
