namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>How a framework deployment ended: on failure, the step that failed and what was created before it (left for cleanup).</summary>
public sealed record FrameworkDeployResult(string DeploymentId, bool Succeeded, string? FailedStep, string? Error, IReadOnlyList<string> Created);
