namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The <see cref="TaskItemReq.Command"/> values tarsAdminRegistry executes, and the parameters a publish takes.</summary>
public static class TaskCommand
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";

    /// <summary>Publish, then restart (unless <see cref="BakFlagParameter"/> is "1").</summary>
    public const string Patch = "patch_tars";

    /// <summary>Publish, then restart gracefully.</summary>
    public const string GracePatch = "grace_patch_tars";

    public const string Undeploy = "undeploy_tars";

    /// <summary>The <c>t_server_patchs.id</c> of the package to publish.</summary>
    public const string PatchIdParameter = "patch_id";

    /// <summary>"1" for a backup node: publish without restarting.</summary>
    public const string BakFlagParameter = "bak_flag";

    public const string UpdateTextParameter = "update_text";

    public const string GroupNameParameter = "group_name";
}
