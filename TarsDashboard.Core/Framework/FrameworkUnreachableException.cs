using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// The Tars framework (the registry that locates tarsAdminRegistry, or tarsAdminRegistry itself) did not answer.
/// Thrown before anything is written: the dashboard sent no task and changed no row, so the caller may retry once
/// <see cref="AdminRegistryConnector.CheckAsync"/> reports the framework reachable again.
/// </summary>
public sealed class FrameworkUnreachableException(string reason, bool requestMayHaveRun = false, Exception? inner = null)
    : Exception($"The Tars framework is unreachable: {reason}.", inner)
{
    /// <summary>Why, in English (which servant, which endpoint, what failed).</summary>
    public string Reason { get; } = reason;

    /// <summary>
    /// True when the request left but no answer came (a timeout or a dropped connection after sending): tarsAdminRegistry
    /// may have accepted it, so look at the service's state before sending it again.
    /// </summary>
    public bool RequestMayHaveRun { get; } = requestMayHaveRun;

    /// <summary>The localizable form for the UI (key <c>Framework.Unreachable</c>, the reason as its argument).</summary>
    public FieldError Error => new FieldError("Framework", "Framework.Unreachable", Message, Reason);
}
