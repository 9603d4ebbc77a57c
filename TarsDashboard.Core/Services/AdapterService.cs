using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The servant endpoints (<c>t_adapter_conf</c>) of a service instance: list, add, edit, delete, each checked and
/// audited through <see cref="Operations"/>, and a free port suggestion as the Tars web platform makes it.
/// </summary>
/// <remarks>
/// A port is free on a node when no endpoint of that node uses it, whatever its transport or host: tarsnode runs every
/// service of a node on the same host network, and this is the rule of Tars' own automatic ports.
/// </remarks>
public sealed partial class AdapterService
{
    private readonly AdapterConfRepository adapters;
    private readonly ServerConfRepository servers;
    private readonly TarsDatabase database;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal AdapterService(
        AdapterConfRepository adapters,
        ServerConfRepository servers,
        TarsDatabase database,
        AccessControl access,
        Operations operations,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.clock = clock;
        this.adapters = adapters;
        this.servers = servers;
        this.database = database;
        this.access = access;
        this.operations = operations;
        this.bus = bus;
    }

    public const int AutoPortFirst = 10000;
    public const int AutoPortLast = 30000;
    public const int MaxEndpointLength = 128;
    public const int MaxServantLength = 128;
    public const int MaxAdapterNameLength = 100;
    public const int MaxAllowIpLength = 255;

    /// <summary>The adapters of instance <paramref name="serverId"/>, by name; empty when it does not exist.</summary>
    public async Task<IReadOnlyList<AdapterConfRow>> ListAsync(Caller caller, int serverId, CancellationToken cancellationToken = default)
    {
        var server = await servers.GetAsync(serverId, cancellationToken);
        if (server is null)
        {
            return [];
        }

        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(server.Application, server.ServerName), cancellationToken);
        return await adapters.ListForInstanceAsync(server.Application, server.ServerName, server.NodeName, cancellationToken);
    }

    public async Task<AdapterConfRow> AddAsync(Caller caller, int serverId, AdapterInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var server = await RequireServerAsync(caller, serverId, cancellationToken);
        var submitted = input.Copy();
        return await operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(server.Application, server.ServerName),
            "adapter.add", $"{server.ServiceId}.{submitted.ObjName}@{server.NodeName}", async audit =>
            {
                var row = await ValidateAsync(server, submitted, null, cancellationToken);
                Stamp(row, caller);
                try
                {
                    await adapters.InsertAsync(row, cancellationToken);
                }
                catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
                {
                    throw new ValidationFailedException(ObjTaken(submitted.ObjName));
                }

                audit.After = Describe(row);
                Publish(server, "adapter.added", caller);
                return row;
            }, cancellationToken);
    }

    /// <summary>Saves an edit of <paramref name="original"/> (as read); <see cref="ConcurrencyConflictException"/> when it changed since.</summary>
    public async Task<AdapterConfRow> UpdateAsync(Caller caller, AdapterConfRow original, AdapterInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(input);
        var submitted = input.Copy();
        return await operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(original.Application, original.ServerName),
            "adapter.update", $"{original.Servant}@{original.NodeName}", async audit =>
            {
                var server = await servers.FindAsync(original.Application, original.ServerName, original.NodeName, cancellationToken);
                if (server is null)
                {
                    throw new ConcurrencyConflictException($"Adapter {original.Servant} on {original.NodeName}");
                }

                var row = await ValidateAsync(server, submitted, original.Id, cancellationToken);
                row.Id = original.Id;
                row.Handlegroup = original.Handlegroup;
                Stamp(row, caller);
                bool saved;
                try
                {
                    saved = await adapters.UpdateIfUnchangedAsync(original, row, cancellationToken);
                }
                catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
                {
                    throw new ValidationFailedException(ObjTaken(submitted.ObjName));
                }

                if (!saved)
                {
                    throw new ConcurrencyConflictException($"Adapter {original.Servant} on {original.NodeName}");
                }

                audit.Before = Describe(original);
                audit.After = Describe(row);
                Publish(server, "adapter.updated", caller);
                return row;
            }, cancellationToken);
    }

    public Task DeleteAsync(Caller caller, AdapterConfRow adapter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        return operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(adapter.Application, adapter.ServerName),
            "adapter.delete", $"{adapter.Servant}@{adapter.NodeName}", async audit =>
            {
                var current = await adapters.GetAsync(adapter.Id, cancellationToken);
                if (current is null)
                {
                    return; // already gone
                }

                // The id must still name the same servant of the same instance: ids are not a grant boundary.
                if (current.Application != adapter.Application || current.ServerName != adapter.ServerName || current.NodeName != adapter.NodeName)
                {
                    throw new ConcurrencyConflictException($"Adapter {adapter.Servant} on {adapter.NodeName}");
                }

                await adapters.DeleteAsync(adapter.Id, cancellationToken);
                audit.Before = Describe(current);
                var server = await servers.FindAsync(adapter.Application, adapter.ServerName, adapter.NodeName, cancellationToken);
                bus.Publish(new ServiceChanged(server?.Id ?? 0, adapter.Application, adapter.ServerName, adapter.NodeName, "adapter.deleted", caller.UserName));
            }, cancellationToken);
    }

    /// <summary>A random port in 10000..30000 that no endpoint on <paramref name="nodeName"/> uses.</summary>
    /// <exception cref="ValidationFailedException">Every port of the range is taken.</exception>
    public async Task<int> SuggestFreePortAsync(Caller caller, string nodeName, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var used = UsedPorts(await adapters.ListOnNodeAsync(nodeName, cancellationToken), exceptId: null);
        return PickFreePort(used, Random.Shared)
            ?? throw new ValidationFailedException(new FieldError(nameof(AdapterInput.Port), "Adapter.Port.NoneFree",
                $"Every port from {AutoPortFirst} to {AutoPortLast} is used on {nodeName}.", AutoPortFirst, AutoPortLast, nodeName));
    }

    /// <summary>A random free port of the auto range, or null when none is left. Random first, then a scan, so it always ends.</summary>
    public static int? PickFreePort(IReadOnlySet<int> used, Random random)
    {
        ArgumentNullException.ThrowIfNull(used);
        ArgumentNullException.ThrowIfNull(random);
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var port = random.Next(AutoPortFirst, AutoPortLast + 1);
            if (!used.Contains(port))
            {
                return port;
            }
        }

        var start = random.Next(AutoPortFirst, AutoPortLast + 1);
        const int size = AutoPortLast - AutoPortFirst + 1;
        for (var i = 0; i < size; i++)
        {
            var port = AutoPortFirst + ((start - AutoPortFirst + i) % size);
            if (!used.Contains(port))
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>The shape checks of an adapter form, without the database (obj name, endpoint parts, limits, protocol).</summary>
    public static List<FieldError> ValidateShape(ServerConfRow server, AdapterInput input)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var obj = input.ObjName?.Trim() ?? "";
        if (obj.Length == 0)
        {
            errors.Add(new FieldError(nameof(input.ObjName), "Validation.Required", "Enter the obj name, e.g. HelloObj."));
        }
        else if (!TarsNames.IsValidName(obj))
        {
            errors.Add(new FieldError(nameof(input.ObjName), "Adapter.Obj.Invalid", "Use letters and digits, starting with a letter, e.g. HelloObj."));
        }
        else if ($"{server.ServiceId}.{obj}Adapter".Length > MaxAdapterNameLength)
        {
            errors.Add(new FieldError(nameof(input.ObjName), "Validation.TooLong", $"At most {MaxAdapterNameLength} characters.", MaxAdapterNameLength));
        }

        if (input.Transport?.Trim().ToLowerInvariant() is not ("tcp" or "udp"))
        {
            errors.Add(new FieldError(nameof(input.Transport), "Adapter.Transport.Invalid", "Choose tcp or udp."));
        }

        var host = input.Host?.Trim() ?? "";
        if (host.Length == 0)
        {
            errors.Add(new FieldError(nameof(input.Host), "Validation.Required", "Enter the address to listen on."));
        }
        else if (!IsHost(host))
        {
            errors.Add(new FieldError(nameof(input.Host), "Adapter.Host.Invalid", $"'{host}' is not an IP address or host name.", host));
        }

        if (input.Port is < 1 or > 65535)
        {
            errors.Add(new FieldError(nameof(input.Port), "Adapter.Port.Range", "Enter a port from 1 to 65535.", input.Port));
        }

        AddRange(errors, nameof(input.TimeoutMs), input.TimeoutMs, 1, 3_600_000);
        AddRange(errors, nameof(input.ThreadNum), input.ThreadNum, 1, 1024);
        AddRange(errors, nameof(input.MaxConnections), input.MaxConnections, 1, 10_000_000);
        AddRange(errors, nameof(input.Queuecap), input.Queuecap, 1, 10_000_000);
        AddRange(errors, nameof(input.Queuetimeout), input.Queuetimeout, 1, 3_600_000);
        if (input.Protocol is not ("tars" or "not_tars"))
        {
            errors.Add(new FieldError(nameof(input.Protocol), "Adapter.Protocol.Invalid", "Choose tars or not_tars."));
        }

        var allow = input.AllowIp?.Trim() ?? "";
        if (allow.Length > MaxAllowIpLength)
        {
            errors.Add(new FieldError(nameof(input.AllowIp), "Validation.TooLong", $"At most {MaxAllowIpLength} characters.", MaxAllowIpLength));
        }
        else if (!AllowIpPattern().IsMatch(allow))
        {
            errors.Add(new FieldError(nameof(input.AllowIp), "Adapter.AllowIp.Invalid", "List addresses separated by ';' or ',' (digits, letters, '.', ':', '*', '/')."));
        }

        if (errors.All(e => e.Field is not (nameof(input.Host) or nameof(input.Port) or nameof(input.Transport)))
            && input.ToEndpoint().ToString().Length > MaxEndpointLength)
        {
            errors.Add(new FieldError(nameof(input.Host), "Validation.TooLong", $"The endpoint is at most {MaxEndpointLength} characters.", MaxEndpointLength));
        }

        return errors;
    }

    private async Task<AdapterConfRow> ValidateAsync(ServerConfRow server, AdapterInput input, int? id, CancellationToken cancellationToken)
    {
        var errors = ValidateShape(server, input);
        var onNode = await adapters.ListOnNodeAsync(server.NodeName, cancellationToken);
        var obj = input.ObjName?.Trim() ?? "";
        var servant = $"{server.ServiceId}.{obj}";
        if (errors.All(e => e.Field != nameof(input.ObjName))
            && onNode.Any(a => a.Id != id && a.Application == server.Application && a.ServerName == server.ServerName
                && string.Equals(a.AdapterName, servant + "Adapter", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(ObjTaken(obj));
        }

        if (errors.All(e => e.Field != nameof(input.Port)))
        {
            var user = onNode.FirstOrDefault(a => a.Id != id && EndpointText.TryParse(a.Endpoint)?.Port == input.Port);
            if (user is not null)
            {
                errors.Add(new FieldError(nameof(input.Port), "Adapter.Port.Taken",
                    $"Port {input.Port} is already used on {server.NodeName} by {user.Servant}.", input.Port, server.NodeName, user.Servant));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return new AdapterConfRow
        {
            Application = server.Application,
            ServerName = server.ServerName,
            NodeName = server.NodeName,
            AdapterName = servant + "Adapter",
            Servant = servant,
            Endpoint = input.ToEndpoint().ToString(),
            ThreadNum = input.ThreadNum,
            MaxConnections = input.MaxConnections,
            Queuecap = input.Queuecap,
            Queuetimeout = input.Queuetimeout,
            Protocol = input.Protocol,
            AllowIp = input.AllowIp?.Trim() ?? "",
            Handlegroup = "",
        };
    }

    private async Task<ServerConfRow> RequireServerAsync(Caller caller, int serverId, CancellationToken cancellationToken)
    {
        var server = await servers.GetAsync(serverId, cancellationToken);
        if (server is null)
        {
            throw new ValidationFailedException(new FieldError("ServerId", "Service.NotFound", "This service instance no longer exists."));
        }

        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(server.Application, server.ServerName), cancellationToken);
        return server;
    }

    private static HashSet<int> UsedPorts(IEnumerable<AdapterConfRow> rows, int? exceptId) =>
        [.. rows.Where(r => r.Id != exceptId).Select(r => EndpointText.TryParse(r.Endpoint)?.Port).OfType<int>()];

    private void Stamp(AdapterConfRow row, Caller caller)
    {
        row.Posttime = clock.GetUtcNow().UtcDateTime;
        row.Lastuser = caller.UserName.Length <= 30 ? caller.UserName : caller.UserName[..30];
    }

    private void Publish(ServerConfRow server, string change, Caller caller) =>
        bus.Publish(new ServiceChanged(server.Id, server.Application, server.ServerName, server.NodeName, change, caller.UserName));

    private static FieldError ObjTaken(string obj) =>
        new(nameof(AdapterInput.ObjName), "Adapter.Obj.Taken", $"This instance already has a servant {obj}.", obj);

    private static void AddRange(List<FieldError> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(new FieldError(field, "Validation.Range", $"Enter {min} to {max}.", min, max));
        }
    }

    private static object Describe(AdapterConfRow row) => new
    {
        row.Servant, row.AdapterName, row.Endpoint, row.ThreadNum, row.MaxConnections, row.Queuecap, row.Queuetimeout, row.Protocol, row.AllowIp,
    };

    /// <summary>An IPv4 address (four decimal parts), an IPv6 address, or a DNS host name.</summary>
    public static bool IsHost(string text)
    {
        if (text.Contains(':'))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && !text.Contains('%');
        }

        var labels = text.Split('.');
        if (labels.All(l => l.Length > 0 && l.All(char.IsAsciiDigit)))
        {
            return labels.Length == 4 && labels.All(l => l.Length <= 3 && (l.Length == 1 || l[0] != '0')
                && int.Parse(l, CultureInfo.InvariantCulture) <= 255);
        }

        return text.Length <= 253 && HostNamePattern().IsMatch(text);
    }

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\z")]
    private static partial Regex HostNamePattern();

    [GeneratedRegex("^[a-zA-Z0-9.:*/;, ]*\\z")]
    private static partial Regex AllowIpPattern();
}
