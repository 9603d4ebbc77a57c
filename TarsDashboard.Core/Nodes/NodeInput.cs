namespace TarsDashboard.Core.Nodes;

/// <summary>What an admin enters to add or edit a node.</summary>
public sealed class NodeInput
{
    public string Name { get; set; } = "";

    /// <summary>
    /// <c>unix:///var/run/docker.sock</c>, a socket path, or <c>tcp://host:2376</c>; may stay empty for a
    /// tarsnode-managed node (no engine: its state then comes from tarsnode's heartbeat only).
    /// </summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Folder on the dashboard's machine holding ca.pem, cert.pem and key.pem for a TLS endpoint; empty for none.</summary>
    public string TlsCertPath { get; set; } = "";

    /// <summary>The node's <c>TARS_HOSTPATH</c> when its tarsnode runs in a container; empty when it runs on the host.</summary>
    public string TarsHostpath { get; set; } = "";

    public string Labels { get; set; } = "";

    /// <summary>A <see cref="NodeManagement"/> value: the dashboard runs the service containers, or a real tarsnode does.</summary>
    public string Management { get; set; } = NodeManagement.Engine;

    public static NodeInput From(NodeRow row) => new()
    {
        Name = row.NodeName,
        Endpoint = row.Endpoint,
        TlsCertPath = row.TlsCertPath,
        TarsHostpath = row.TarsHostpath,
        Labels = row.Labels,
        Management = row.Management,
    };
}
