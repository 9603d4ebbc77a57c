namespace TarsDashboard.Core.Security;

/// <summary>What a caller asks to do; <see cref="AccessControl"/> maps each to the role and scope it needs.</summary>
public enum Permission
{
    /// <summary>Read a service's settings and state (developer on a covering scope).</summary>
    ViewService,

    /// <summary>Follow a service's logs (developer on a covering scope).</summary>
    TailLogs,

    /// <summary>Start, stop, restart, edit, publish a service (operator on a covering scope).</summary>
    OperateService,

    /// <summary>See node health, images and templates (any signed-in user).</summary>
    ViewShared,

    ManageNodes,
    ManageImages,
    ManageRegistries,
    ManageTemplates,
    ManageUsers,
    ViewAudit,

    /// <summary>Alert rules on every service and on nodes (scope <c>*</c>); scoped rules need <see cref="ViewService"/> on their scope.</summary>
    ManageGlobalAlerts,

    /// <summary>Deploy or export the Tars framework itself (admin on everything).</summary>
    DeployFramework,
}
