using TarsDashboard.Core.Deploy;

namespace TarsDashboard.Model;

/// <summary>One line of a wizard's live progress: its key (a test hook), what is done, how it stands, and any detail.</summary>
public sealed record DeployProgressRow(string Key, string Text, DeployStepState State, string? Detail = null);
