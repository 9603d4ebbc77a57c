using System.Text.Json.Serialization;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>What the "Kubernetes with Docker" mode asks for; the password is never kept in a draft.</summary>
public sealed class FrameworkKubernetesInput
{
    public string Namespace { get; set; } = "tars";

    public string MySqlHost { get; set; } = "";

    public int MySqlPort { get; set; } = 3306;

    public string MySqlUser { get; set; } = "root";

    [JsonIgnore]
    public string MySqlPassword { get; set; } = "";

    public string FrameworkImage { get; set; } = "tarscloud/framework";

    public string FrameworkTag { get; set; } = "latest";

    public string NodeImage { get; set; } = "tarscloud/tars-node";

    public string NodeTag { get; set; } = "latest";

    public int NodeCount { get; set; } = 1;

    public bool Slave { get; set; }

    public FrameworkVolumeKind VolumeKind { get; set; } = FrameworkVolumeKind.HostPath;

    /// <summary>Size of each claim, e.g. <c>10Gi</c> (PVC only).</summary>
    public string StorageSize { get; set; } = "10Gi";

    /// <summary>Host folder root (hostPath only); it is also what <c>TARS_HOSTPATH</c> names.</summary>
    public string HostPath { get; set; } = "/data/tars";
}
