using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Data.Tars;

/// <summary>A <c>t_node_info</c> heartbeat as read, with its age computed by the database.</summary>
internal sealed class HeartbeatRow
{
    public string NodeName { get; set; } = "";
    public DateTime? LastHeartbeat { get; set; }
    public string? PresentState { get; set; }
    public long? AgeSeconds { get; set; }

    // A heartbeat stamped ahead of the database's clock (a clock step) counts as fresh, not as decades old.
    public NodeHeartbeat ToHeartbeat(int freshSeconds) =>
        new(NodeName, LastHeartbeat, AgeSeconds, PresentState ?? "", AgeSeconds is { } age && age < freshSeconds);
}
