namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>A framework deployment stopped at a step; carries the result so the audit row says "failed" and the page gets the details.</summary>
public sealed class FrameworkDeployFailedException(FrameworkDeployResult result)
    : Exception($"Step '{result.FailedStep}' failed: {result.Error}")
{
    public FrameworkDeployResult Result { get; } = result;
}
