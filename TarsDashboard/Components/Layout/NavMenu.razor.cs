using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Layout;

/// <summary>
/// The sections; admin sections (nodes, users, audit) are listed only for callers whose grants reach them. Checked
/// once per circuit: the pages check again, and Core on every call, so a stale menu never grants anything.
/// </summary>
public sealed partial class NavMenu
{
    private bool _mayManageNodes;
    private bool _mayManageUsers;
    private bool _mayViewAudit;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<NavMenu> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            // One read of the caller's grants answers all three questions.
            var grants = await Access.LoadGrantsAsync(await Caller.GetAsync());
            _mayManageNodes = AccessControl.IsAllowed(grants, Permission.ManageNodes, AccessTarget.Global);
            _mayManageUsers = AccessControl.IsAllowed(grants, Permission.ManageUsers, AccessTarget.Global);
            _mayViewAudit = AccessControl.IsAllowed(grants, Permission.ViewAudit, AccessTarget.Global);
        }
        catch (Exception exception)
        {
            // The database is down: the admin links stay hidden, and the pages say what is wrong.
            Logger.LogFailure(exception, "Navigation could not read the caller's grants");
        }
    }
}
