namespace TarsDashboard.Core.Monitoring;

/// <summary>One reading of a container's resources, as the docker CLI's <c>docker stats</c> computes them.</summary>
/// <param name="CpuPercent">Percent of one CPU (200 = two CPUs busy), the docker CLI's figure.</param>
/// <param name="MemoryUsed">Bytes in use without the reclaimable page cache (inactive_file).</param>
/// <param name="MemoryLimit">The cgroup's limit in bytes (the host's memory when the container has none).</param>
/// <param name="NetworkRx">Bytes received on all interfaces since the container started.</param>
/// <param name="BlockRead">Bytes read from block devices since the container started.</param>
/// <param name="Restarts">The engine's restart count of the container.</param>
public sealed record ResourceSample(
    DateTimeOffset At,
    double CpuPercent,
    long MemoryUsed,
    long MemoryLimit,
    long NetworkRx,
    long NetworkTx,
    long BlockRead,
    long BlockWrite,
    int Restarts);
