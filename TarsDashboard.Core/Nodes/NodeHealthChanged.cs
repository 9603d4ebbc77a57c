using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Nodes;

/// <summary>A node's health changed (reachability, engine version or counts).</summary>
public sealed record NodeHealthChanged(NodeHealth Health) : LiveEvent(TopicName)
{
    public const string TopicName = "node.health";
}
