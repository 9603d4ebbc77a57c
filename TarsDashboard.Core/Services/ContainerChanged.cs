using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>A container on a node's engine was created, started, stopped, renamed or removed (any container, not only services).</summary>
/// <param name="Action">The engine's word for it: <c>create</c>, <c>start</c>, <c>die</c>, <c>pause</c>, <c>unpause</c>, <c>rename</c>, <c>destroy</c>.</param>
public sealed record ContainerChanged(string NodeName, string ContainerName, string Action) : LiveEvent(TopicName)
{
    public const string TopicName = "container.changed";

    /// <summary>The engine actions that change what a container list shows.</summary>
    public static IReadOnlyList<string> Actions { get; } = ["create", "start", "die", "pause", "unpause", "rename", "destroy"];

    // Whoever may open the container's log may hear that it changed (a service's developers; other containers: node admins).
    public override (Permission Permission, AccessTarget Target) Audience =>
        LogSourceId.TryParse($"container:{NodeName}:{ContainerName}", out var id, out _)
            ? LogSourceAccess.Required(id)
            : (Permission.ManageNodes, AccessTarget.Global);
}
