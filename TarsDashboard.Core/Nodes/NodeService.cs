using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Nodes;

/// <summary>
/// Adds, edits, removes and tests nodes (admins on <c>*</c>; everyone signed in may list them). Input is validated
/// and the engine probed before anything is stored; every call is audited through <see cref="Operations"/>.
/// </summary>
public sealed partial class NodeService(
    NodeRepository nodes,
    NodeInfoRepository nodeInfo,
    ServerConfRepository servers,
    TarsDatabase database,
    NodeHealthMonitor monitor,
    LiveEventBus bus,
    AccessControl access,
    Operations operations,
    IOptions<NodeOptions> options)
{
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

    /// <summary>Probes an endpoint without saving anything.</summary>
    public Task<NodeHealth> TestAsync(Caller caller, NodeInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.test", input.Name ?? "", async audit =>
        {
            var errors = ValidateShape(input);
            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            var health = await ProbeAsync(input, cancellationToken);
            audit.After = new { input.Endpoint, health.State, health.Error };
            return health;
        }, cancellationToken);

    /// <summary>The field errors adding this node would meet (shape and a taken name), without probing the engine or storing anything.</summary>
    public async Task<IReadOnlyList<FieldError>> ValidateNewAsync(Caller caller, NodeInput input, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ManageNodes, AccessTarget.Global, cancellationToken);
        var errors = ValidateShape(input);
        if (errors.All(e => e.Field != nameof(NodeInput.Name)) && await nodes.GetAsync(input.Name.Trim(), cancellationToken) is not null)
        {
            errors.Add(new FieldError(nameof(NodeInput.Name), "Node.Name.Taken", "A node with this name already exists.", input.Name.Trim()));
        }

        return errors;
    }

    public Task<NodeRow> AddAsync(Caller caller, NodeInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.add", input.Name ?? "", async audit =>
        {
            var row = await AddCheckedAsync(input, caller.UserName, cancellationToken);
            audit.After = Describe(row);
            return row;
        }, cancellationToken);

    private async Task<NodeRow> AddCheckedAsync(NodeInput input, string actor, CancellationToken cancellationToken)
    {
        var errors = ValidateShape(input);
        if (errors.All(e => e.Field != nameof(NodeInput.Name)) && await nodes.GetAsync(input.Name.Trim(), cancellationToken) is not null)
        {
            errors.Add(new FieldError(nameof(NodeInput.Name), "Node.Name.Taken", "A node with this name already exists.", input.Name.Trim()));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        await RequireReachableAsync(input, cancellationToken);
        var endpoint = EngineEndpoint.TryParse(input.Endpoint, out _)!;
        var now = DateTime.UtcNow;
        var row = new NodeRow
        {
            NodeName = input.Name.Trim(),
            Endpoint = endpoint.ToString(),
            TlsCertPath = input.TlsCertPath.Trim(),
            TarsHostpath = input.TarsHostpath.Trim(),
            Labels = input.Labels.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = actor,
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

        await nodeInfo.EnsureAsync(row.NodeName, endpoint.Host, row.Labels, cancellationToken);
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
            var saved = await UpdateCheckedAsync(existing, input, rowVersion, caller.UserName, cancellationToken);
            audit.After = Describe(saved);
            return saved;
        }, cancellationToken);

    private async Task<NodeRow> UpdateCheckedAsync(NodeRow existing, NodeInput input, int rowVersion, string actor, CancellationToken cancellationToken)
    {
        var name = existing.NodeName;
        input.Name = existing.NodeName; // the name is the key Tars rows refer to; it cannot change
        var errors = ValidateShape(input);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var endpoint = EngineEndpoint.TryParse(input.Endpoint, out _)!;
        if (endpoint.ToString() != existing.Endpoint || input.TlsCertPath.Trim() != existing.TlsCertPath)
        {
            await RequireReachableAsync(input, cancellationToken);
        }

        existing.Endpoint = endpoint.ToString();
        existing.TlsCertPath = input.TlsCertPath.Trim();
        existing.TarsHostpath = input.TarsHostpath.Trim();
        existing.Labels = input.Labels.Trim();
        existing.UpdatedAt = DateTime.UtcNow;
        existing.UpdatedBy = actor;
        existing.RowVersion = rowVersion;
        if (!await nodes.UpdateAsync(existing, cancellationToken))
        {
            throw new ConcurrencyConflictException($"Node {name}");
        }

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
    private static object Describe(NodeRow row) => new { row.NodeName, row.Endpoint, row.TlsCertPath, row.TarsHostpath, row.Labels, row.RowVersion };

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
            return await EngineProbe.ProbeAsync(input.Name, client, TimeSpan.FromSeconds(options.Value.ProbeTimeoutSeconds), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new NodeHealth(input.Name, NodeReachability.Unreachable, DateTimeOffset.UtcNow, Error: exception.Message);
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
        else if (!NodeName().IsMatch(name))
        {
            errors.Add(new FieldError(nameof(NodeInput.Name), "Node.Name.Invalid",
                "Use 1-50 letters, digits, '.', '-' or '_', starting with a letter or digit (Tars names nodes by host or IP)."));
        }

        if (EngineEndpoint.TryParse(input.Endpoint, out var endpointError) is null)
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

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")]
    private static partial Regex NodeName();
}
