namespace TarsDashboard.Core.Alerts;

/// <summary>
/// One resource reading of a service container, as CPU/memory rules need it. The metrics sampler is meant to feed these
/// to <see cref="AlertMonitor.Observe(ResourceSample)"/>; until it publishes its samples, nothing calls it.
/// </summary>
/// <param name="MemoryPercent">Memory used as a percentage of the container's limit (or of the node's memory without one).</param>
public sealed record ResourceSample(AlertTarget Target, double CpuPercent, double MemoryPercent, DateTimeOffset At);
