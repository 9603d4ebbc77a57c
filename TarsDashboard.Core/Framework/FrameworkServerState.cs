namespace TarsDashboard.Core.Framework;

/// <summary>
/// A tarsnode-managed instance's state as the service page shows it, from tarsAdminRegistry's <c>getServerState</c>:
/// what the registry holds (<c>t_server_conf</c>) and what tarsnode says now.
/// </summary>
/// <param name="SettingState"><c>active</c> or <c>inactive</c>: what was asked for last.</param>
/// <param name="PresentState">A <see cref="Services.PresentStates"/> value: tarsnode's view when it answered, else the registry's.</param>
/// <param name="PresentStateInRegistry">What <c>t_server_conf.present_state</c> says.</param>
/// <param name="PresentStateInNode">tarsnode's own word (<c>Active</c>, <c>Inactive</c>, …), empty when it did not answer.</param>
/// <param name="ProcessId">The pid tarsnode reports; 0 when none.</param>
/// <param name="Problem">Why the state is incomplete (node not registered, no connection, framework unreachable), or null.</param>
public sealed record FrameworkServerState(string SettingState, string PresentState, string PresentStateInRegistry, string PresentStateInNode,
    int ProcessId, string PatchVersion, string PatchTime, string PatchUser, string? Problem)
{
    public bool IsComplete => Problem is null;
}
