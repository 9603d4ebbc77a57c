using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Nodes;

/// <summary>A node was added, edited or removed.</summary>
public sealed record NodesChanged(string NodeName, string Change) : LiveEvent(TopicName)
{
    public const string TopicName = "node.changed";
}
