namespace TarsDashboard.Core.Configs;

/// <summary>The result of a push on one node; <see cref="Path"/> is where the file was written (engine-managed nodes).</summary>
public sealed record ConfigPushResult(string NodeName, ConfigPushOutcome Outcome, string Message, string? Path = null)
{
    public bool Succeeded => Outcome is ConfigPushOutcome.Written or ConfigPushOutcome.Notified;
}
