using System.Globalization;

namespace TarsDashboard.Core.Nodes;

/// <summary>
/// What <c>t_node_info</c> says of a node's tarsnode: its last heartbeat (in the database's clock, as tarsregistry
/// wrote it), how old that is by the same clock, and the node's present_state.
/// </summary>
/// <param name="AgeSeconds">Seconds since <paramref name="LastHeartbeat"/> by the database's clock; null when there never was one.</param>
/// <param name="IsFresh">Newer than <c>Framework:HeartbeatFreshSeconds</c>: a tarsnode is alive there.</param>
public sealed record NodeHeartbeat(string NodeName, DateTime? LastHeartbeat, long? AgeSeconds, string PresentState, bool IsFresh)
{
    /// <summary>A heartbeat that is there but old: tarsregistry's node check forces the node's services to inactive every minute.</summary>
    public bool IsStale => LastHeartbeat is not null && !IsFresh;

    /// <summary>The heartbeat's time of day as the database stamped it (its own clock), for messages; <c>?</c> when none.</summary>
    public string TimeOfDay => LastHeartbeat?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "?";
}
