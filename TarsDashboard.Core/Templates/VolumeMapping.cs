namespace TarsDashboard.Core.Templates;

/// <summary>A host folder mounted into a service's container: one <c>hostPath=containerPath</c> line of <c>&lt;volumes&gt;</c>.</summary>
public sealed record VolumeMapping(string HostPath, string ContainerPath);
