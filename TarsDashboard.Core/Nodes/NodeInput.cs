namespace TarsDashboard.Core.Nodes;

/// <summary>What an admin enters to add or edit a node.</summary>
public sealed class NodeInput
{
    public string Name { get; set; } = "";

    /// <summary><c>unix:///var/run/docker.sock</c>, a socket path, or <c>tcp://host:2376</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Folder on the dashboard's machine holding ca.pem, cert.pem and key.pem for a TLS endpoint; empty for none.</summary>
    public string TlsCertPath { get; set; } = "";

    /// <summary>The node's <c>TARS_HOSTPATH</c> when its tarsnode runs in a container; empty when it runs on the host.</summary>
    public string TarsHostpath { get; set; } = "";

    public string Labels { get; set; } = "";

    public static NodeInput From(NodeRow row) => new()
    {
        Name = row.NodeName,
        Endpoint = row.Endpoint,
        TlsCertPath = row.TlsCertPath,
        TarsHostpath = row.TarsHostpath,
        Labels = row.Labels,
    };
}
