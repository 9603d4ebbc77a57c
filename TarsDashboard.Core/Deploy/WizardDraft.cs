namespace TarsDashboard.Core.Deploy;

/// <summary>A wizard's saved state: the step the user reached and the form data as JSON.</summary>
public sealed record WizardDraft(string Kind, int Step, string DataJson, DateTime UpdatedAt);
