namespace TarsDashboard.Core.Cluster;

/// <summary>
/// Settings <c>Cluster:*</c>: how several dashboard instances on one database agree on one leader for the background
/// work and notice a task whose instance stopped. One instance needs none of them.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>How long a taken lease holds without a renewal: a dead leader is replaced after at most this plus <see cref="PollSeconds"/>.</summary>
    public int LeaseSeconds { get; set; } = 8;

    /// <summary>How often an instance tries to take, or renews, the leader lease.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>How often an instance stamps the tasks it runs as still alive.</summary>
    public double TaskHeartbeatSeconds { get; set; } = 3;

    /// <summary>A task whose owner has not stamped it for this long is taken for cut off (its instance stopped).</summary>
    public int TaskStaleSeconds { get; set; } = 20;

    /// <summary>How often the leader looks for such tasks.</summary>
    public double SweepSeconds { get; set; } = 10;

    public bool IsValid() =>
        LeaseSeconds is >= 2 and <= 600 && PollSeconds > 0 && PollSeconds < LeaseSeconds
        && TaskHeartbeatSeconds > 0 && TaskStaleSeconds > TaskHeartbeatSeconds * 2 && SweepSeconds > 0;
}
