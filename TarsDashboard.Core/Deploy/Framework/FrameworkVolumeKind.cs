namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>Where the framework's and nodes' data folder lives on Kubernetes.</summary>
public enum FrameworkVolumeKind
{
    /// <summary>A PersistentVolumeClaim per pod from the StatefulSet's claim template.</summary>
    PersistentVolumeClaim,

    /// <summary>A folder on the Kubernetes node, one per pod; needed when tarsnode starts services through the host's docker.sock.</summary>
    HostPath,
}
