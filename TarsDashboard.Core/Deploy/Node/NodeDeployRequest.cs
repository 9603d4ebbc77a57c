using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Deploy.Node;

/// <summary>Everything the add-node wizard collects: the node, whether to sync every image to it, and an optional tarsnode container.</summary>
public sealed class NodeDeployRequest
{
    public NodeInput Node { get; set; } = new();

    public bool SyncImages { get; set; } = true;

    public bool StartTarsNode { get; set; }

    public TarsNodeContainerInput TarsNode { get; set; } = new();
}
