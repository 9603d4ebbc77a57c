namespace TarsDashboard.Core.Nodes;

/// <summary>Who runs the service instances of a node; the lifecycle and every state write switch on it.</summary>
public enum InstanceOwner
{
    /// <summary>An engine-managed node with no fresh tarsnode heartbeat: the dashboard creates, stops and records its containers.</summary>
    Dashboard,

    /// <summary>A tarsnode-managed node (or an unregistered one a tarsnode heartbeats for): tarsnode's, through tarsAdminRegistry.</summary>
    Tarsnode,

    /// <summary>Registered as engine-managed while a tarsnode sends fresh heartbeats for it: both would fight, so neither acts.</summary>
    Conflict,
}
