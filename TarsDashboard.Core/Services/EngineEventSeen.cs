namespace TarsDashboard.Core.Services;

/// <summary>The engine event watcher handled a start or exit of a service container.</summary>
/// <param name="StateWritten">It recorded the instance's state; false when there was nothing to record or a tarsnode owns the node.</param>
public sealed record EngineEventSeen(string NodeName, string ContainerId, string Action, bool StateWritten);
