namespace TarsDashboard.Core.Alerts;

/// <summary>What an alert rule watches; each is evaluated from something the dashboard already observes.</summary>
public enum AlertKind
{
    /// <summary>A service container exited with a non-zero code nobody asked for; clears when it runs again.</summary>
    ContainerExited,

    /// <summary>The engine OOM-killed a service container; clears when it runs again.</summary>
    OomKilled,

    /// <summary>At least Threshold starts within WindowMinutes; clears once the window holds fewer.</summary>
    RestartLoop,

    /// <summary>The container's health check reports unhealthy; clears when it reports healthy or runs again.</summary>
    Unhealthy,

    /// <summary>A node's engine (or tarsnode heartbeat) is unreachable; clears when it is reachable. Scope <c>*</c> only.</summary>
    NodeUnreachable,

    /// <summary>A task item on a service failed; clears when a later task on it succeeds.</summary>
    TaskFailed,

    /// <summary>CPU above Threshold percent for WindowMinutes (from the resource samples).</summary>
    CpuAbove,

    /// <summary>Memory above Threshold percent of its limit for WindowMinutes (from the resource samples).</summary>
    MemoryAbove,

    /// <summary>At least Threshold lines of the container's output match Pattern within WindowMinutes; clears after WindowMinutes without a match.</summary>
    LogPattern,
}
