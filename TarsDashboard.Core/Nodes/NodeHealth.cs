namespace TarsDashboard.Core.Nodes;

/// <summary>The last health check of one node's engine.</summary>
public sealed record NodeHealth(
    string NodeName,
    NodeReachability State,
    DateTimeOffset CheckedAt,
    string? EngineVersion = null,
    string? ApiVersion = null,
    int Containers = 0,
    int ContainersRunning = 0,
    int Images = 0,
    int Cpus = 0,
    long MemoryBytes = 0,
    string? Error = null,
    DateTimeOffset? NextRetryAt = null,
    int ConsecutiveFailures = 0)
{
    public static NodeHealth Unknown(string nodeName) => new(nodeName, NodeReachability.Unknown, DateTimeOffset.UtcNow);

    /// <summary>True when what a person sees differs (ignores check times and the retry count).</summary>
    public bool DiffersFrom(NodeHealth? other) => other is null || Visible(this) != Visible(other);

    private static NodeHealth Visible(NodeHealth health) =>
        health with { CheckedAt = default, NextRetryAt = null, ConsecutiveFailures = 0 };
}
