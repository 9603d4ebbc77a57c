using System.Data.Common;
using System.Text.Json;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>
/// Expands a deployed service to more nodes: each new instance is a copy of a source instance's row (template, image,
/// profile, SET, run type) and adapters, with the new node as the endpoints' host and ports free on that node (the
/// source's own when free there). <see cref="PreviewAsync"/> shows exactly what <see cref="ExpandAsync"/> writes.
/// </summary>
public sealed class ServiceExpander
{
    private readonly ServerConfRepository _servers;
    private readonly AdapterConfRepository _adapters;
    private readonly NodeRepository _nodes;
    private readonly TarsDatabase _database;
    private readonly AccessControl _access;
    private readonly Operations _operations;
    private readonly LiveEventBus _bus;
    private readonly TimeProvider _clock;

    internal ServiceExpander(ServerConfRepository servers, AdapterConfRepository adapters, NodeRepository nodes, TarsDatabase database,
        AccessControl access, Operations operations, LiveEventBus bus, TimeProvider clock)
    {
        _servers = servers;
        _adapters = adapters;
        _nodes = nodes;
        _database = database;
        _access = access;
        _operations = operations;
        _bus = bus;
        _clock = clock;
    }

    public async Task<ServiceExpansion> PreviewAsync(Caller caller, int sourceServerId, IReadOnlyList<string> nodeNames,
        CancellationToken cancellationToken = default)
    {
        var source = await SourceAsync(sourceServerId, cancellationToken);
        await _access.DemandAsync(caller, Permission.OperateService, AccessTarget.Service(source.Application, source.ServerName), cancellationToken);
        return await PlanAsync(source, nodeNames, cancellationToken);
    }

    /// <summary>Writes the new instances (all or none, in one transaction); they start inactive, as a deploy leaves them.</summary>
    public async Task<ServiceExpansion> ExpandAsync(Caller caller, int sourceServerId, IReadOnlyList<string> nodeNames,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var source = await SourceAsync(sourceServerId, cancellationToken);
        return await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(source.Application, source.ServerName),
            "service.expand", $"{source.ServiceId} to {string.Join(", ", nodeNames ?? [])}", async audit =>
            {
                // Planned again at write time: a port taken since the preview is not handed out twice.
                var plan = await PlanAsync(source, nodeNames!, cancellationToken);
                var sourceAdapters = await _adapters.ListForInstanceAsync(source.Application, source.ServerName, source.NodeName, cancellationToken);
                var written = await WriteAsync(caller, source, sourceAdapters, plan, cancellationToken);
                audit.After = written.Instances.Select(i => new { i.NodeName, i.ServerId, Adapters = i.Adapters.Select(a => $"{a.Servant} {a.Endpoint}") });
                foreach (var instance in written.Instances)
                {
                    _bus.Publish(new ServiceChanged(instance.ServerId, source.Application, source.ServerName, instance.NodeName, "deployed", caller.UserName));
                }

                return written;
            }, cancellationToken);
    }

    private async Task<ServerConfRow> SourceAsync(int serverId, CancellationToken cancellationToken) =>
        await _servers.GetAsync(serverId, cancellationToken)
        ?? throw new ValidationFailedException(new FieldError("Nodes", "Expand.NoSource", "The instance to copy no longer exists."));

    private async Task<ServiceExpansion> PlanAsync(ServerConfRow source, IReadOnlyList<string> nodeNames, CancellationToken cancellationToken)
    {
        var names = (nodeNames ?? []).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new ValidationFailedException(new FieldError("Nodes", "Expand.NoNodes", "Choose at least one node."));
        }

        var known = (await _nodes.ListAsync(names, cancellationToken)).Select(n => n.NodeName).ToHashSet(StringComparer.Ordinal);
        var present = (await _servers.ListForServiceAsync(source.Application, source.ServerName, cancellationToken))
            .Select(r => r.NodeName).ToHashSet(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var name in names)
        {
            if (!known.Contains(name))
            {
                errors.Add(new FieldError("Nodes", "Expand.UnknownNode", $"{name} is not a registered node.", name));
            }
            else if (present.Contains(name))
            {
                errors.Add(new FieldError("Nodes", "Expand.AlreadyThere", $"{source.ServiceId} already runs on {name}.", source.ServiceId, name));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var sourceAdapters = await _adapters.ListForInstanceAsync(source.Application, source.ServerName, source.NodeName, cancellationToken);
        var instances = new List<ExpandedInstance>();
        foreach (var name in names)
        {
            var used = (await _adapters.ListOnNodeAsync(name, cancellationToken)).Select(a => EndpointText.TryParse(a.Endpoint)?.Port).OfType<int>().ToHashSet();
            instances.Add(new ExpandedInstance(name, [.. sourceAdapters.Select(adapter =>
            {
                var endpoint = EndpointText.TryParse(adapter.Endpoint)
                    ?? throw new ValidationFailedException(new FieldError("Nodes", "Expand.BadEndpoint",
                        $"The endpoint of {adapter.AdapterName} cannot be read: {adapter.Endpoint}", adapter.AdapterName, adapter.Endpoint));
                var port = endpoint.Port > 0 && !used.Contains(endpoint.Port) ? endpoint.Port : AdapterService.PickFreePort(used, Random.Shared)
                    ?? throw new ValidationFailedException(new FieldError("Nodes", "Adapter.Port.NoneFree",
                        $"Every port from {AdapterService.AutoPortFirst} to {AdapterService.AutoPortLast} is used on {name}.",
                        AdapterService.AutoPortFirst, AdapterService.AutoPortLast, name));
                used.Add(port);
                return new ExpandedAdapter(adapter.AdapterName, adapter.Servant, adapter.Endpoint, (endpoint with { Host = name, Port = port }).ToString());
            })]));
        }

        return new ServiceExpansion(source.Id, source.Application, source.ServerName, instances);
    }

    private async Task<ServiceExpansion> WriteAsync(Caller caller, ServerConfRow source, IReadOnlyList<AdapterConfRow> sourceAdapters,
        ServiceExpansion plan, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var user = caller.UserName.Length <= 30 ? caller.UserName : caller.UserName[..30];
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = new List<ExpandedInstance>();
        try
        {
            foreach (var instance in plan.Instances)
            {
                var row = Copy(source);
                (row.Id, row.NodeName, row.SettingState, row.PresentState, row.ProcessId) = (0, instance.NodeName, "active", PresentStates.Inactive, 0);
                (row.PatchVersion, row.PatchUser, row.PatchTime, row.Posttime, row.Lastuser) = ("", "", new DateTime(2021, 1, 1), now, user);
                await _servers.InsertAsync(row, transaction, cancellationToken);
                foreach (var adapter in instance.Adapters)
                {
                    var copy = Copy(sourceAdapters.First(a => a.AdapterName == adapter.AdapterName));
                    (copy.Id, copy.NodeName, copy.Endpoint, copy.Posttime, copy.Lastuser) = (0, instance.NodeName, adapter.Endpoint, now, user);
                    await _adapters.InsertAsync(copy, transaction, cancellationToken);
                }

                written.Add(instance with { ServerId = row.Id });
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (_database.Dialect.IsUniqueViolation(exception))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new ValidationFailedException(new FieldError("Nodes", "Expand.AlreadyThere",
                $"{source.ServiceId} appeared on one of the nodes meanwhile; nothing was written.", source.ServiceId, string.Join(", ", plan.Instances.Select(i => i.NodeName))));
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }

        return plan with { Instances = written };
    }

    // Every column the row carries, so an expansion keeps settings the dashboard does not show.
    private static T Copy<T>(T row) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(row))!;
}
