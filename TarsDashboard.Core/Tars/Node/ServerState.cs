namespace TarsDashboard.Core.Tars.Node;

/// <summary>A server's state as tarsnode tracks it (framework/NodeDescriptor.tars <c>ServerState</c>).</summary>
public enum ServerState
{
    Inactive = 0,
    Activating = 1,
    Active = 2,
    Deactivating = 3,
    Destroying = 4,
    Destroyed = 5,
}
