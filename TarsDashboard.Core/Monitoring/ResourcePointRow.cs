namespace TarsDashboard.Core.Monitoring;

/// <summary>A row of <c>tdash_resource_point</c>.</summary>
internal sealed class ResourcePointRow
{
    public string NodeName { get; set; } = "";
    public string Container { get; set; } = "";
    public int Resolution { get; set; }
    public DateTime At { get; set; }
    public double CpuPercent { get; set; }
    public long MemoryUsed { get; set; }
    public long MemoryLimit { get; set; }
    public long NetworkRx { get; set; }
    public long NetworkTx { get; set; }
    public long BlockRead { get; set; }
    public long BlockWrite { get; set; }
    public int Restarts { get; set; }

    public static ResourcePointRow From(ContainerKey key, int resolution, ResourceSample point) => new()
    {
        NodeName = key.Node,
        Container = key.Container,
        Resolution = resolution,
        At = point.At.UtcDateTime,
        CpuPercent = point.CpuPercent,
        MemoryUsed = point.MemoryUsed,
        MemoryLimit = point.MemoryLimit,
        NetworkRx = point.NetworkRx,
        NetworkTx = point.NetworkTx,
        BlockRead = point.BlockRead,
        BlockWrite = point.BlockWrite,
        Restarts = point.Restarts,
    };

    public ResourceSample ToSample() => new(new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)), CpuPercent, MemoryUsed,
        MemoryLimit, NetworkRx, NetworkTx, BlockRead, BlockWrite, Restarts);
}
