namespace TarsDashboard.Core.Nodes;

/// <summary>A Docker engine call for a tarsnode-managed node registered without its engine.</summary>
public sealed class NodeHasNoEngineException(string nodeName)
    : InvalidOperationException($"Node {nodeName} is tarsnode-managed with no Docker engine registered; add its engine endpoint on the Nodes page.")
{
    public string NodeName { get; } = nodeName;
}
