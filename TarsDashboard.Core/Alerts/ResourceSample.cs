namespace TarsDashboard.Core.Alerts;

/// <summary>
/// One resource reading of a service container, as CPU/memory rules need it, made by <see cref="AlertMonitor"/> from each
/// <see cref="Monitoring.ResourceSampled"/> of the shared stats streams.
/// </summary>
/// <param name="MemoryPercent">Memory used as a percentage of the container's limit (or of the node's memory without one).</param>
public sealed record ResourceSample(AlertTarget Target, double CpuPercent, double MemoryPercent, DateTimeOffset At);
