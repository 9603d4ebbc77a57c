namespace TarsDashboard.Core.Services;

/// <summary>A lifecycle step could not go on; the message is the reason written into the task item's log.</summary>
public sealed class LifecycleStepException(string message) : Exception(message);
