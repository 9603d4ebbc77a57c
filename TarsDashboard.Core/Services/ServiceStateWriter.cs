using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The one way the dashboard records an instance's state in <c>t_server_conf</c> (present_state, process_id,
/// setting_state). On a node a tarsnode owns (tarsnode-managed, or a fresh heartbeat) those columns are tarsnode's and
/// nothing is written; the check is part of the UPDATE itself, so a node switched meanwhile is never written over.
/// </summary>
internal sealed class ServiceStateWriter
{
    private readonly ServerConfRepository servers;
    private readonly NodeOwnershipReader ownership;
    private readonly LiveEventBus bus;

    internal ServiceStateWriter(
        ServerConfRepository servers,
        NodeOwnershipReader ownership,
        LiveEventBus bus)
    {
        this.servers = servers;
        this.ownership = ownership;
        this.bus = bus;
    }

    /// <summary>
    /// The setting_state to write: what an operator asked for (a start or restart wants it running, a stop does not), as
    /// tarsAdminRegistry writes it; null, keep it, for what an engine merely saw (a crash does not change the wish).
    /// </summary>
    public static string? SettingStateAfter(string? command) => command switch
    {
        null or "" => null,
        ServiceCommands.Stop => PresentStates.Inactive,
        _ => PresentStates.Active,
    };

    /// <summary>
    /// Records <paramref name="presentState"/> and the pid, and the setting that <paramref name="command"/> (null for an
    /// observation) asks for; false when tarsnode owns the node.
    /// </summary>
    public async Task<bool> WriteAsync(ServerConfRow row, string presentState, int processId, string? command, string changedBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!await servers.SetStateIfDashboardOwnedAsync(row.Id, presentState, processId, SettingStateAfter(command), ownership.FreshSeconds,
                cancellationToken))
        {
            return false;
        }

        bus.Publish(new ServiceChanged(row.Id, row.Application, row.ServerName, row.NodeName, "state", changedBy));
        return true;
    }
}
