using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>
/// A service container (label <c>tars.app</c>) started, died, was OOM-killed or changed health, as the engine event
/// watcher saw it: alert rules evaluate these without a second event stream.
/// </summary>
/// <param name="Action">The engine's action: <c>start</c>, <c>die</c>, <c>oom</c>, <c>health_status: healthy</c>, <c>health_status: unhealthy</c>.</param>
/// <param name="ExitCode">For <c>die</c>, the exit code the engine reported; null otherwise.</param>
/// <param name="StoppedOnRequest">For <c>die</c>: someone asked it to stop (a kill came first), so the exit is not a failure.</param>
public sealed record ServiceContainerEvent(string NodeName, string Application, string ServerName, string ContainerId, string Action,
    string? ExitCode, bool StoppedOnRequest) : LiveEvent(TopicName)
{
    public const string TopicName = "service.container";

    /// <summary>The engine actions the watcher follows beyond the list-changing ones of <see cref="ContainerChanged"/>.</summary>
    public static IReadOnlyList<string> ExtraActions { get; } = ["oom", "health_status"];

    public override (Permission Permission, AccessTarget Target) Audience =>
        (Permission.ViewService, AccessTarget.Service(Application, ServerName));
}
