namespace TarsDashboard.Core.Configs;

/// <summary>The four places a config file can belong to, as the Tars web platform shows them.</summary>
public enum ConfigScopeKind
{
    /// <summary>Level 1, no SET: shared by the application's services (referenced, not loaded directly).</summary>
    Application,

    /// <summary>Level 1 with set_name, set_area and set_group: shared by the application's services of one SET.</summary>
    Set,

    /// <summary>Level 2: one service's file, loaded by every instance.</summary>
    Server,

    /// <summary>Level 3: one instance's additions to the service's file of the same name.</summary>
    Node,
}
