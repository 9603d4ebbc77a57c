namespace TarsDashboard.Core.Deploy.Node;

/// <summary>One line of the add-node progress view: what is being done, to what, and how it ended.</summary>
/// <param name="Kind">add | sync | tarsnode</param>
public sealed record NodeDeployStep(string Kind, string Target, DeployStepState State, string? Detail = null);
