using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// A container's new sample, raised by <see cref="ResourceStreams.Sampled"/> for every running stream (alert rules
/// listen there). Not put on the <see cref="LiveEventBus"/>: one a second per container is too many for every page.
/// </summary>
public sealed record ResourceSampled(ContainerKey Container, ResourceSample Sample) : LiveEvent(TopicName)
{
    public const string TopicName = "resource.sampled";

    public override (Permission Permission, AccessTarget Target) Audience =>
        LogSourceId.TryParse($"container:{Container.Node}:{Container.Container}", out var id, out _)
            ? LogSourceAccess.Required(id)
            : (Permission.ManageNodes, AccessTarget.Global);
}
