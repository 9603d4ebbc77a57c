namespace TarsDashboard.Core.Monitoring;

/// <summary>A container by node and name; a service instance's container is named <c>App.Server</c>.</summary>
public sealed record ContainerKey(string Node, string Container)
{
    public override string ToString() => $"{Node}:{Container}";
}
