namespace TarsDashboard.Tests.Monitoring;

/// <summary>Test containers whose memory really grows in their cgroup.</summary>
public static class MemoryGrowth
{
    /// <summary>Fills /dev/shm (tmpfs, charged to the container's memory cgroup and not reclaimable cache) 4 MiB a second up to 48 MiB.</summary>
    public const string Script =
        "i=0; while [ $i -lt 12 ]; do busybox dd if=/dev/zero of=/dev/shm/f$i bs=1048576 count=4 2>/dev/null; i=$((i+1)); busybox sleep 1; done; busybox sleep 3600";
}
