using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// One step of a framework deployment, live for the wizard's progress view. Never carries the MySQL password: steps
/// name containers, images and networks only.
/// </summary>
/// <param name="DeploymentId">Which run the step belongs to (a page follows only its own).</param>
/// <param name="Step">e.g. <c>create container tars-framework</c>.</param>
/// <param name="Created">Everything this run has created so far, for cleanup after a failure.</param>
public sealed record FrameworkDeployProgress(
    string DeploymentId, string NodeName, int Index, string Step, DeployStepState State, string? Error, IReadOnlyList<string> Created)
    : LiveEvent("framework.deploy")
{
    public override (Permission Permission, AccessTarget Target) Audience => (Permission.DeployFramework, AccessTarget.Global);
}
