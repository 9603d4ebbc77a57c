using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Tars.AdminRegistry;

namespace TarsDashboard.Core.Framework;

/// <summary>Reads the state of an instance on a tarsnode-managed node from tarsAdminRegistry, for the service page.</summary>
public sealed class FrameworkStateReader(AdminRegistryConnector connector, AccessControl access)
{
    /// <summary>
    /// Never throws for the framework's sake: a node that is not registered or not connected, or a framework that
    /// does not answer, gives the row's own state with <see cref="FrameworkServerState.Problem"/> saying why.
    /// </summary>
    public async Task<FrameworkServerState> GetAsync(Caller caller, ServerConfRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(row.Application, row.ServerName), cancellationToken);
        ServerStateResult reply;
        try
        {
            reply = await connector.CallAsync(client => client.GetServerStateAsync(row.Application, row.ServerName, row.NodeName, cancellationToken),
                cancellationToken);
        }
        catch (FrameworkUnreachableException exception)
        {
            return FromRow(row, $"{FrameworkTaskFollower.UnreachableStatusInfo}: {exception.Reason}");
        }
        catch (Validation.ValidationFailedException exception)
        {
            return FromRow(row, exception.Message);
        }

        var state = reply.State;
        if (reply.Ret != TarsErrCode.Success)
        {
            // With the node unreachable tarsAdminRegistry still read the registry's half of the state (or nothing).
            var registry = state.PresentStateInReg.Length > 0 ? state.PresentStateInReg : row.PresentState;
            return new FrameworkServerState(Or(state.SettingStateInReg, row.SettingState), registry, registry, "", row.ProcessId,
                Or(state.PatchVersion, row.PatchVersion), state.PatchTime, Or(state.PatchUser, row.PatchUser),
                AdminRegistryFailures.Describe(reply.Ret, row.NodeName));
        }

        return new FrameworkServerState(state.SettingStateInReg, ToPresentState(state.PresentStateInNode) ?? state.PresentStateInReg,
            state.PresentStateInReg, state.PresentStateInNode, Math.Max(0, state.ProcessId), state.PatchVersion, state.PatchTime,
            state.PatchUser, null);
    }

    /// <summary>tarsnode's state name (its <c>ServerState</c> enum, as <c>etos</c> writes it) as a <c>present_state</c> value.</summary>
    public static string? ToPresentState(string nodeState) => nodeState switch
    {
        "Active" => PresentStates.Active,
        "Activating" => PresentStates.Activating,
        "Deactivating" => PresentStates.Deactivating,
        "Inactive" => PresentStates.Inactive,
        "Destroying" or "Destroyed" => PresentStates.Destroyed,
        _ => null,
    };

    private static FrameworkServerState FromRow(ServerConfRow row, string problem) =>
        new(row.SettingState, row.PresentState, row.PresentState, "", row.ProcessId, row.PatchVersion, "", row.PatchUser, problem);

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
