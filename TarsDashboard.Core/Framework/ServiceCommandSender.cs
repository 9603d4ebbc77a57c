using System.Globalization;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Tars;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Sends an admin command (<c>tars.setloglevel DEBUG</c>, <c>tars.loadconfig app.conf</c>, <c>tars.viewstatus</c>, a
/// custom one) to an instance as the Tars web platform does: tarsAdminRegistry's <c>notifyServer</c>, which tarsnode
/// hands to the service's own AdminObj. Only a tarsnode's instance has that channel; the dashboard's own containers
/// run without an admin port, so a command to one is refused with the reason.
/// </summary>
public sealed class ServiceCommandSender
{
    private readonly AdminRegistryConnector connector;
    private readonly ServerConfRepository servers;
    private readonly NodeOwnershipReader ownership;
    private readonly Operations operations;

    internal ServiceCommandSender(AdminRegistryConnector connector, ServerConfRepository servers, NodeOwnershipReader ownership, Operations operations)
    {
        this.connector = connector;
        this.servers = servers;
        this.ownership = ownership;
        this.operations = operations;
    }

    public const int MaxCommandLength = 256;

    /// <summary>The commands every Tars service answers, offered as presets.</summary>
    public static IReadOnlyList<string> Presets { get; } =
        ["tars.viewstatus", "tars.setloglevel INFO", "tars.setloglevel DEBUG", "tars.loadconfig ", "tars.viewversion", "tars.connection"];

    /// <exception cref="ValidationFailedException">A bad command, an instance the framework does not run, or the framework's refusal.</exception>
    /// <exception cref="FrameworkUnreachableException">tarsAdminRegistry did not answer.</exception>
    public async Task<CommandResult> SendAsync(Caller caller, int serverId, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var text = (command ?? "").Trim();
        if (text.Length == 0)
        {
            throw new ValidationFailedException(new FieldError("Command", "Command.Required", "Type a command, e.g. tars.viewstatus."));
        }

        if (text.Length > MaxCommandLength || text.Any(char.IsControl))
        {
            throw new ValidationFailedException(new FieldError("Command", "Command.Invalid",
                $"A command is one line of at most {MaxCommandLength.ToString(CultureInfo.InvariantCulture)} characters.", MaxCommandLength));
        }

        var row = await servers.GetAsync(serverId, cancellationToken)
            ?? throw new ValidationFailedException(new FieldError("Command", "Command.NoInstance", "The instance no longer exists."));
        return await operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(row.Application, row.ServerName), "service.command",
            $"{row.ServiceId}@{row.NodeName}", async audit =>
            {
                audit.Detail = text;
                var owner = await ownership.ForNodeAsync(row.NodeName, cancellationToken);
                if (owner.Owner != InstanceOwner.Tarsnode)
                {
                    throw new ValidationFailedException(new FieldError("Command", "Command.NoAdminChannel",
                        $"{row.NodeName} is not run by a tarsnode: the dashboard's containers have no admin port, so a command cannot reach {row.ServiceId}.",
                        row.NodeName, row.ServiceId));
                }

                var result = await connector.CallAsync(client => client.NotifyServerAsync(row.Application, row.ServerName, row.NodeName, text,
                    cancellationToken), cancellationToken);
                audit.Detail = $"{text} → {result.Ret.ToString(CultureInfo.InvariantCulture)}";
                if (!result.Succeeded)
                {
                    throw new ValidationFailedException(new FieldError("Command", "Command.Refused",
                        $"The command did not reach {row.ServiceId} on {row.NodeName}: {AdminRegistryFailures.Describe(result.Ret, row.NodeName)} {result.Result}".Trim(),
                        row.ServiceId, row.NodeName, AdminRegistryFailures.Describe(result.Ret, row.NodeName)));
                }

                return result;
            }, cancellationToken);
    }
}
