namespace TarsDashboard.Core.Deploy;

/// <summary>A wizard's draft read back into its model: the step reached, the data, and when it was saved.</summary>
public sealed record SavedDraft<T>(int Step, T Data, DateTime UpdatedAt);
