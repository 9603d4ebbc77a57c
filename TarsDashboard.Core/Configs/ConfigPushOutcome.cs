namespace TarsDashboard.Core.Configs;

/// <summary>What a push did on one node.</summary>
public enum ConfigPushOutcome
{
    /// <summary>Engine-managed: the merged text was written into the service's folder through the engine.</summary>
    Written,

    /// <summary>tarsnode-managed: tarsAdminRegistry relayed <c>tars.loadconfig &lt;file&gt;</c> and the service answered.</summary>
    Notified,

    /// <summary>Nothing was sent: the node or instance cannot take a push (the message says why).</summary>
    Refused,

    /// <summary>It was tried and did not work (engine or framework error).</summary>
    Failed,
}
