using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Nodes;

/// <summary>
/// Adds, edits, removes and tests nodes (admins on <c>*</c>; everyone signed in may list them). Input is validated
/// and the engine probed before anything is stored; every call is audited through <see cref="Operations"/>.
/// </summary>
/// <remarks>
/// Coexistence with a real tarsnode: an engine-managed node whose name has a fresh tarsnode heartbeat is refused (by the
/// <see cref="NodeInput.Management"/> field: register it as tarsnode-managed); saving an engine-managed node whose
/// heartbeat is stale clears that heartbeat, audited, because tarsregistry would reset its services every minute.
/// A tarsnode-managed node may have no engine; then nothing is probed.
/// </remarks>
public sealed partial class NodeService
{
    private readonly NodeRepository nodes;
    private readonly NodeInfoRepository nodeInfo;
    private readonly NodeOwnershipReader ownership;
    private readonly ServerConfRepository servers;
    private readonly TarsDatabase database;
    private readonly NodeHealthMonitor monitor;
    private readonly FrameworkLocator framework;
    private readonly LiveEventBus bus;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly IOptions<NodeOptions> options;
    private readonly TimeProvider clock;

    internal NodeService(
        NodeRepository nodes,
        NodeInfoRepository nodeInfo,
        NodeOwnershipReader ownership,
        ServerConfRepository servers,
        TarsDatabase database,
        NodeHealthMonitor monitor,
        FrameworkLocator framework,
        LiveEventBus bus,
        AccessControl access,
        Operations operations,
        IOptions<NodeOptions> options,
        TimeProvider clock)
    {
        this.clock = clock;
        this.nodes = nodes;
        this.nodeInfo = nodeInfo;
        this.ownership = ownership;
        this.servers = servers;
        this.database = database;
        this.monitor = monitor;
        this.framework = framework;
        this.bus = bus;
        this.access = access;
        this.operations = operations;
        this.options = options;
    }

    public async Task<IReadOnlyList<NodeRow>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await nodes.ListAsync(cancellationToken);
    }

    public async Task<NodeRow?> GetAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await nodes.GetAsync(name, cancellationToken);
    }

    /// <summary>Who owns the services of a node name now (its registration and tarsnode heartbeat), for forms to warn before saving.</summary>
    public async Task<NodeOwnership> OwnershipAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await ownership.ForNodeAsync(name.Trim(), cancellationToken);
    }

    /// <summary>The ownership of every node (registered or known to t_node_info), by name.</summary>
    public async Task<IReadOnlyDictionary<string, NodeOwnership>> ListOwnershipAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await ownership.ListAsync(cancellationToken);
    }

    /// <summary>Checks one node now (the Retry and Test buttons), whatever its back-off says.</summary>
    public async Task<NodeHealth> CheckNowAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await monitor.CheckNowAsync(name, cancellationToken);
    }

    /// <summary>The Tars framework's locator and tarsAdminRegistry's endpoints, as the dashboard finds them.</summary>
    public async Task<FrameworkEndpoints> FrameworkEndpointsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await framework.GetEndpointsAsync(cancellationToken);
    }

    /// <summary>Probes an endpoint without saving anything; a tarsnode-managed node without one reports its heartbeat.</summary>
    public Task<NodeHealth> TestAsync(Caller caller, NodeInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.test", input.Name ?? "", async audit =>
        {
            var errors = ValidateShape(input);
            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            var name = input.Name?.Trim() ?? "";
            var health = HasEndpoint(input)
                ? await ProbeAsync(input, cancellationToken)
                : NodeHealth.FromHeartbeat(name, await nodeInfo.GetHeartbeatAsync(name, ownership.FreshSeconds, cancellationToken), clock);
            audit.After = new { input.Endpoint, health.State, health.Error };
            return health;
        }, cancellationToken);

    /// <summary>
    /// The field errors adding this node would meet (shape, a taken name, a tarsnode heartbeating for an engine-managed
    /// one), without probing the engine or storing anything.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> ValidateNewAsync(Caller caller, NodeInput input, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ManageNodes, AccessTarget.Global, cancellationToken);
        return await ValidateNewCheckedAsync(input, cancellationToken);
    }

    private async Task<List<FieldError>> ValidateNewCheckedAsync(NodeInput input, CancellationToken cancellationToken)
    {
        var errors = ValidateShape(input);
        if (errors.All(e => e.Field != nameof(NodeInput.Name)) && await nodes.GetAsync(input.Name.Trim(), cancellationToken) is not null)
        {
            errors.Add(new FieldError(nameof(NodeInput.Name), "Node.Name.Taken", "A node with this name already exists.", input.Name.Trim()));
        }

        if (errors.All(e => e.Field is not (nameof(NodeInput.Name) or nameof(NodeInput.Management)))
            && await FreshHeartbeatRefusalAsync(input, cancellationToken) is { } heartbeat)
        {
            errors.Add(heartbeat);
        }

        return errors;
    }

    public Task<NodeRow> AddAsync(Caller caller, NodeInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.add", input.Name ?? "", async audit =>
        {
            var row = await AddCheckedAsync(caller, input, cancellationToken);
            audit.After = Describe(row);
            return row;
        }, cancellationToken);

    private async Task<NodeRow> AddCheckedAsync(Caller caller, NodeInput input, CancellationToken cancellationToken)
    {
        var errors = await ValidateNewCheckedAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var endpoint = HasEndpoint(input) ? EngineEndpoint.TryParse(input.Endpoint, out _)! : null;
        if (endpoint is not null)
        {
            await RequireReachableAsync(input, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new NodeRow
        {
            NodeName = input.Name.Trim(),
            Endpoint = endpoint?.ToString() ?? "",
            TlsCertPath = endpoint is null ? "" : input.TlsCertPath.Trim(),
            TarsHostpath = input.TarsHostpath.Trim(),
            Labels = input.Labels.Trim(),
            Management = input.Management,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = caller.UserName,
        };
        try
        {
            await nodes.InsertAsync(row, cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            // Another admin added the same name between our check and our insert.
            throw new ValidationFailedException(new FieldError(nameof(NodeInput.Name), "Node.Name.Taken", "A node with this name already exists.", row.NodeName));
        }

        // Tars names nodes by their address; without an engine the name is the best guess until tarsnode registers.
        await nodeInfo.EnsureAsync(row.NodeName, endpoint?.Host ?? row.NodeName, row.Labels, cancellationToken);
        await ClearStaleHeartbeatAsync(caller, row, cancellationToken);
        await monitor.CheckNowAsync(row.NodeName, cancellationToken);
        bus.Publish(new NodesChanged(row.NodeName, "added"));
        return row;
    }

    /// <summary>Saves an edit made on <paramref name="rowVersion"/>; refused when someone saved in between.</summary>
    public Task<NodeRow> UpdateAsync(Caller caller, string name, NodeInput input, int rowVersion, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.update", name, async audit =>
        {
            var existing = await nodes.GetAsync(name, cancellationToken) ?? throw new ConcurrencyConflictException($"Node {name}");
            audit.Before = Describe(existing);
            var saved = await UpdateCheckedAsync(caller, existing, input, rowVersion, cancellationToken);
            audit.After = Describe(saved);
            return saved;
        }, cancellationToken);

    private async Task<NodeRow> UpdateCheckedAsync(Caller caller, NodeRow existing, NodeInput input, int rowVersion, CancellationToken cancellationToken)
    {
        var name = existing.NodeName;
        input.Name = existing.NodeName; // the name is the key Tars rows refer to; it cannot change
        var errors = ValidateShape(input);
        if (errors.All(e => e.Field != nameof(NodeInput.Management)) && await FreshHeartbeatRefusalAsync(input, cancellationToken) is { } heartbeat)
        {
            errors.Add(heartbeat);
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var endpoint = HasEndpoint(input) ? EngineEndpoint.TryParse(input.Endpoint, out _)! : null;
        var tls = endpoint is null ? "" : input.TlsCertPath.Trim();
        if (endpoint is not null && (endpoint.ToString() != existing.Endpoint || tls != existing.TlsCertPath))
        {
            await RequireReachableAsync(input, cancellationToken);
        }

        existing.Endpoint = endpoint?.ToString() ?? "";
        existing.TlsCertPath = tls;
        existing.TarsHostpath = input.TarsHostpath.Trim();
        existing.Labels = input.Labels.Trim();
        existing.Management = input.Management;
        existing.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        existing.UpdatedBy = caller.UserName;
        existing.RowVersion = rowVersion;
        if (!await nodes.UpdateAsync(existing, cancellationToken))
        {
            throw new ConcurrencyConflictException($"Node {name}");
        }

        await ClearStaleHeartbeatAsync(caller, existing, cancellationToken);
        await monitor.CheckNowAsync(existing.NodeName, cancellationToken);
        bus.Publish(new NodesChanged(existing.NodeName, "updated"));
        return existing;
    }

    /// <summary>Removes a node; refused while any service instance is deployed on it.</summary>
    public Task RemoveAsync(Caller caller, string name, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.remove", name, async audit =>
        {
            audit.Before = await nodes.GetAsync(name, cancellationToken) is { } existing ? Describe(existing) : null;
            await RemoveCheckedAsync(name, cancellationToken);
        }, cancellationToken);

    private async Task RemoveCheckedAsync(string name, CancellationToken cancellationToken)
    {
        var deployed = await servers.CountOnNodeAsync(name, cancellationToken);
        if (deployed > 0)
        {
            throw new ValidationFailedException(new FieldError(nameof(NodeInput.Name), "Node.Remove.HasServices",
                $"{deployed} service instance(s) are deployed on this node; undeploy them first.", deployed));
        }

        await nodes.DeleteAsync(name, cancellationToken);
        await nodeInfo.DeleteAsync(name, cancellationToken);
        monitor.Forget(name);
        bus.Publish(new NodesChanged(name, "removed"));
    }

    /// <summary>Registers the machine's own Docker socket as the first node, when there is no node yet and it answers.</summary>
    public async Task<bool> RegisterLocalSocketAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.RegisterLocalSocket || !File.Exists(settings.LocalSocketPath) || (await nodes.ListAsync(cancellationToken)).Count > 0)
        {
            return false;
        }

        var input = new NodeInput { Name = settings.LocalNodeName, Endpoint = "unix://" + settings.LocalSocketPath, Labels = "local" };
        if ((await ProbeAsync(input, cancellationToken)).State != NodeReachability.Reachable)
        {
            return false;
        }

        await AddAsync(Caller.System, input, cancellationToken);
        return true;
    }

    /// <summary>What the audit log keeps of a node: everything but nothing secret (a TLS folder path is not a secret).</summary>
    private static object Describe(NodeRow row) =>
        new { row.NodeName, row.Management, row.Endpoint, row.TlsCertPath, row.TarsHostpath, row.Labels, row.RowVersion };

    /// <summary>
    /// An engine-managed node whose name a live tarsnode heartbeats for would be fought over (interop findings §2.1):
    /// refused by the kind field, which the forms offer to switch.
    /// </summary>
    private async Task<FieldError?> FreshHeartbeatRefusalAsync(NodeInput input, CancellationToken cancellationToken)
    {
        if (input.Management != NodeManagement.Engine)
        {
            return null;
        }

        var name = input.Name.Trim();
        var heartbeat = await nodeInfo.GetHeartbeatAsync(name, ownership.FreshSeconds, cancellationToken);
        if (heartbeat is null || NodeOwnership.Decide(input.Management, heartbeat.IsFresh) != InstanceOwner.Conflict)
        {
            return null;
        }

        var last = heartbeat.TimeOfDay;
        return new FieldError(nameof(NodeInput.Management), "Node.Management.TarsnodeHeartbeat",
            $"A tarsnode sends heartbeats for {name} (last {last}); register it as tarsnode-managed.", name, last);
    }

    /// <summary>
    /// tarsregistry's node check sets every service of a node with an old heartbeat to inactive/0 each minute, fighting
    /// the states the dashboard records: an engine-managed node's stale heartbeat is cleared to NULL (audited on its own).
    /// </summary>
    private async Task ClearStaleHeartbeatAsync(Caller caller, NodeRow row, CancellationToken cancellationToken)
    {
        if (row.IsTarsnodeManaged
            || await nodeInfo.GetHeartbeatAsync(row.NodeName, ownership.FreshSeconds, cancellationToken) is not { IsStale: true } stale)
        {
            return;
        }

        await operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.heartbeat.clear", row.NodeName, async audit =>
        {
            audit.Before = new { stale.LastHeartbeat, stale.AgeSeconds };
            var cleared = await nodeInfo.ClearStaleHeartbeatAsync(row.NodeName, ownership.FreshSeconds, cancellationToken);
            audit.After = new { LastHeartbeat = cleared ? null : stale.LastHeartbeat };
            audit.Detail = cleared
                ? "cleared t_node_info.last_heartbeat so tarsregistry stops resetting the node's services"
                : "left: the heartbeat turned fresh meanwhile";
        }, cancellationToken);
    }

    private static bool HasEndpoint(NodeInput input) => !string.IsNullOrWhiteSpace(input.Endpoint);

    private async Task RequireReachableAsync(NodeInput input, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(input, cancellationToken);
        if (probe.State != NodeReachability.Reachable)
        {
            throw new ValidationFailedException(new FieldError(nameof(NodeInput.Endpoint), "Node.Endpoint.Unreachable",
                $"The engine did not answer: {probe.Error}", probe.Error ?? ""));
        }
    }

    private async Task<NodeHealth> ProbeAsync(NodeInput input, CancellationToken cancellationToken)
    {
        var endpoint = EngineEndpoint.TryParse(input.Endpoint, out _)!;
        try
        {
            using var client = DockerClientPool.Create(endpoint.ToString(), input.TlsCertPath.Trim());
            return await EngineProbe.ProbeAsync(input.Name, client, TimeSpan.FromSeconds(options.Value.ProbeTimeoutSeconds), clock, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new NodeHealth(input.Name, NodeReachability.Unreachable, clock.GetUtcNow(), Error: exception.Message);
        }
    }

    private static List<FieldError> ValidateShape(NodeInput input)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new FieldError(nameof(NodeInput.Name), "Validation.Required", "Enter a name."));
        }
        else if (!TarsNames.IsValidNodeName(name))
        {
            errors.Add(new FieldError(nameof(NodeInput.Name), "Node.Name.Invalid",
                "Use 1-50 letters, digits, '.', '-' or '_', starting with a letter or digit (Tars names nodes by host or IP)."));
        }

        if (!NodeManagement.IsKnown(input.Management))
        {
            errors.Add(new FieldError(nameof(NodeInput.Management), "Node.Management.Invalid", "Choose engine-managed or tarsnode-managed."));
        }

        // Only a tarsnode-managed node may leave the engine out: its services are tarsnode's, its state its heartbeat.
        if ((input.Management != NodeManagement.Tarsnode || HasEndpoint(input)) && EngineEndpoint.TryParse(input.Endpoint, out var endpointError) is null)
        {
            errors.Add(endpointError!);
        }

        var tls = input.TlsCertPath?.Trim() ?? "";
        if (tls.Length > 0)
        {
            if (!Path.IsPathRooted(tls) || tls.Split('/').Contains(".."))
            {
                errors.Add(new FieldError(nameof(NodeInput.TlsCertPath), "Validation.AbsolutePath", "Enter an absolute path without '..'."));
            }
            else if (new[] { "ca.pem", "cert.pem", "key.pem" }.FirstOrDefault(f => !File.Exists(Path.Combine(tls, f))) is { } missing)
            {
                errors.Add(new FieldError(nameof(NodeInput.TlsCertPath), "Node.Tls.Missing", $"{missing} is not in that folder.", missing));
            }
        }

        var hostPath = input.TarsHostpath?.Trim() ?? "";
        if (hostPath.Length > 0 && (!hostPath.StartsWith('/') || hostPath.Split('/').Contains("..") || hostPath.Length > 255))
        {
            errors.Add(new FieldError(nameof(NodeInput.TarsHostpath), "Validation.AbsolutePath", "Enter an absolute path without '..'."));
        }

        if ((input.Labels?.Length ?? 0) > 1024)
        {
            errors.Add(new FieldError(nameof(NodeInput.Labels), "Validation.TooLong", "At most 1024 characters.", 1024));
        }

        return errors;
    }
}
