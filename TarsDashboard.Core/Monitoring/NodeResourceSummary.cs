namespace TarsDashboard.Core.Monitoring;

/// <summary>A node at a glance: its containers' CPU and memory added up against the engine's CPUs and memory.</summary>
/// <param name="CpuPercent">Percent of the whole node (all its CPUs), 0-100.</param>
/// <param name="CpuCount">The engine's NCPU, 0 when the engine did not answer.</param>
/// <param name="MemoryTotal">The engine's MemTotal in bytes, 0 when the engine did not answer.</param>
/// <param name="WorstServices">The busiest services the caller may see, by CPU then memory.</param>
public sealed record NodeResourceSummary(
    string Node,
    double CpuPercent,
    int CpuCount,
    long MemoryUsed,
    long MemoryTotal,
    int Containers,
    IReadOnlyList<ServiceResourceUse> WorstServices);

/// <summary>One service container's latest use, for the worst-services list.</summary>
public sealed record ServiceResourceUse(string Node, string Application, string Server, double CpuPercent, long MemoryUsed, long MemoryLimit);
