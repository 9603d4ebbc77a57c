using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The one way the dashboard records an instance's state in <c>t_server_conf</c> (present_state, process_id,
/// setting_state). On a node a tarsnode owns (tarsnode-managed, or a fresh heartbeat) those columns are tarsnode's and
/// nothing is written; the check is part of the UPDATE itself, so a node switched meanwhile is never written over.
/// </summary>
public sealed class ServiceStateWriter(ServerConfRepository servers, NodeOwnershipReader ownership, LiveEventBus bus)
{
    /// <summary>Records <paramref name="presentState"/> and the pid (and the setting when given); false when tarsnode owns the node.</summary>
    public async Task<bool> WriteAsync(ServerConfRow row, string presentState, int processId, string? settingState, string changedBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!await servers.SetStateIfDashboardOwnedAsync(row.Id, presentState, processId, settingState, ownership.FreshSeconds, cancellationToken))
        {
            return false;
        }

        bus.Publish(new ServiceChanged(row.Id, row.Application, row.ServerName, row.NodeName, "state", changedBy));
        return true;
    }
}
