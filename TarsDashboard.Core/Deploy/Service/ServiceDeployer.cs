using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>
/// Deploys a new business service: one <c>t_server_conf</c> row per chosen node and its <c>t_adapter_conf</c> rows, all in
/// one transaction (a failure leaves nothing), checked and audited through <see cref="Operations"/>.
/// </summary>
public sealed class ServiceDeployer
{
    private readonly TarsDatabase database;
    private readonly ServerConfRepository servers;
    private readonly AdapterConfRepository adapters;
    private readonly ProfileTemplateRepository templates;
    private readonly BaseImageRepository images;
    private readonly NodeRepository nodes;
    private readonly UserRepository users;
    private readonly GrantRepository grantRows;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal ServiceDeployer(
        TarsDatabase database,
        ServerConfRepository servers,
        AdapterConfRepository adapters,
        ProfileTemplateRepository templates,
        BaseImageRepository images,
        NodeRepository nodes,
        UserRepository users,
        GrantRepository grantRows,
        AccessControl access,
        Operations operations,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.clock = clock;
        this.database = database;
        this.servers = servers;
        this.adapters = adapters;
        this.templates = templates;
        this.images = images;
        this.nodes = nodes;
        this.users = users;
        this.grantRows = grantRows;
        this.access = access;
        this.operations = operations;
        this.bus = bus;
    }

    /// <summary>The draft kind of this wizard in <see cref="WizardDraftStore"/>.</summary>
    public const string DraftKind = "service";

    /// <summary>What the wizard chooses from: applications the caller may deploy to, templates, images, nodes and their used ports.</summary>
    /// <remarks>A fixed number of reads whatever the number of applications and nodes: the wizard loads it on every Next.</remarks>
    public async Task<ServiceDeployContext> LoadContextAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await LoadContextAsync(await access.LoadGrantsAsync(caller, cancellationToken), cancellationToken);
    }

    private async Task<ServiceDeployContext> LoadContextAsync(IReadOnlyList<Grant> grants, CancellationToken cancellationToken)
    {
        var rows = await servers.ListAsync(cancellationToken);
        var applications = rows.Select(r => r.Application).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(application => AccessControl.IsAllowed(grants, Permission.OperateService, AccessTarget.App(application)))
            .ToList();

        // MySQL compares names without case, so the taken check does too.
        var services = rows.Select(r => (r.Application.ToLowerInvariant(), r.ServerName.ToLowerInvariant())).ToHashSet();
        var nodeRows = await nodes.ListAsync(cancellationToken);
        var endpoints = (await adapters.ListEndpointsAsync(cancellationToken)).ToLookup(e => e.NodeName, e => e.Endpoint, StringComparer.Ordinal);
        var ports = nodeRows.ToDictionary(node => node.NodeName,
            node => (IReadOnlySet<int>)endpoints[node.NodeName].Select(e => EndpointText.TryParse(e)?.Port).OfType<int>().ToHashSet(),
            StringComparer.Ordinal);

        var userNames = (await users.ListAsync(cancellationToken)).Select(u => u.UserName).ToHashSet(StringComparer.Ordinal);
        return new ServiceDeployContext(applications, services, await templates.ListAsync(cancellationToken),
            await images.ListAsync(cancellationToken), nodeRows, ports, userNames,
            AccessControl.IsAllowed(grants, Permission.ManageUsers, AccessTarget.Global));
    }

    /// <summary>
    /// Gives every adapter a free port on every chosen node that has none yet (the adapter form's random pick in 10000..30000),
    /// never one an endpoint of that node or another adapter of the request already uses. Ports of nodes no longer chosen go.
    /// </summary>
    public static void AssignFreePorts(ServiceDeployRequest request, ServiceDeployContext context, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var adapter in request.Adapters)
        {
            foreach (var gone in adapter.Ports.Keys.Where(n => !request.Nodes.Contains(n)).ToList())
            {
                adapter.Ports.Remove(gone);
            }
        }

        foreach (var node in request.Nodes)
        {
            var used = new HashSet<int>(context.UsedPorts(node));
            used.UnionWith(request.Adapters.Where(a => a.Ports.ContainsKey(node)).Select(a => a.Ports[node]));
            foreach (var adapter in request.Adapters.Where(a => !a.Ports.ContainsKey(node) || a.Ports[node] == 0))
            {
                if (AdapterService.PickFreePort(used, random) is { } port)
                {
                    adapter.Ports[node] = port;
                    used.Add(port);
                }
            }
        }
    }

    /// <summary>
    /// Writes the service. Throws <see cref="ValidationFailedException"/> (nothing written) when a step is invalid or the
    /// service appeared meanwhile, <see cref="AccessDeniedException"/> without OperateService on the application.
    /// </summary>
    public async Task<ServiceDeployResult> DeployAsync(Caller caller, ServiceDeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var submitted = Copy(request);
        var application = submitted.Application.Trim();
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        return await operations.RunAsync(caller, grants, Permission.OperateService, AccessTarget.App(application), "service.deploy",
            $"{submitted.ServiceId} on {string.Join(", ", submitted.Nodes)}", async audit =>
            {
                var operatorNames = ServiceDeployRequest.SplitUsers(submitted.Operators);
                var developerNames = ServiceDeployRequest.SplitUsers(submitted.Developers);
                if (operatorNames.Count + developerNames.Count > 0 && !AccessControl.IsAllowed(grants, Permission.ManageUsers, AccessTarget.Global))
                {
                    // Naming operators and developers grants roles: only someone who manages users may do that.
                    throw new AccessDeniedException(caller, Permission.ManageUsers, AccessTarget.Global);
                }

                var context = await LoadContextAsync(grants, cancellationToken);
                if (submitted.NewApplication)
                {
                    // A new application is not in the caller's list yet; its grant was checked above.
                    context = context with { Applications = [.. context.Applications.Where(a => !a.Equals(application, StringComparison.OrdinalIgnoreCase))] };
                }

                var errors = ServiceDeployValidator.ValidateAll(submitted, context).ToList();
                var profile = ServiceDeployValidator.BuildProfile(submitted, errors);
                if (errors.Count > 0)
                {
                    throw new ValidationFailedException(errors);
                }

                var result = await WriteAsync(caller, submitted, context, profile!, operatorNames, developerNames, cancellationToken);
                audit.After = new
                {
                    Service = submitted.ServiceId, submitted.Nodes, submitted.ServerType, submitted.TemplateName, submitted.RunType, submitted.BaseImageId,
                    Adapters = result.Adapters.Select(a => $"{a.Servant}@{a.NodeName} {a.Endpoint}"), Operators = operatorNames, Developers = developerNames,
                };
                foreach (var row in result.Servers)
                {
                    bus.Publish(new ServiceChanged(row.Id, row.Application, row.ServerName, row.NodeName, "deployed", caller.UserName));
                }

                return result;
            }, cancellationToken);
    }

    /// <summary>Called between the inserts of the transaction; tests use it to fail half-way.</summary>
    internal Func<int, Task>? AfterInsert { get; set; }

    private async Task<ServiceDeployResult> WriteAsync(Caller caller, ServiceDeployRequest request, ServiceDeployContext context, string profile,
        IReadOnlyList<string> operatorNames, IReadOnlyList<string> developerNames, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = caller.UserName.Length <= 30 ? caller.UserName : caller.UserName[..30];
        var template = context.Templates.First(t => string.Equals(t.TemplateName, request.TemplateName.Trim(), StringComparison.OrdinalIgnoreCase));
        var container = RunTypes.IsContainer(request.RunType);
        var serverRows = request.Nodes.Select(node => new ServerConfRow
        {
            Application = request.Application.Trim(),
            ServerName = request.ServerName.Trim(),
            NodeName = node,
            TemplateName = template.TemplateName,
            ServerType = request.ServerType,
            SettingState = "active",
            PresentState = "inactive",
            EnableSet = request.EnableSet ? "Y" : "N",
            SetName = request.EnableSet ? request.SetName.Trim() : "",
            SetArea = request.EnableSet ? request.SetArea.Trim() : "",
            SetGroup = request.EnableSet ? request.SetGroup.Trim() : "",
            Profile = profile,
            RunType = container ? RunTypes.Container : RunTypes.Native,
            BaseImageId = container ? request.BaseImageId : 0,
            Posttime = now,
            Lastuser = user,
        }).ToList();
        var adapterRows = request.Nodes.SelectMany(node => request.Adapters.Select(adapter =>
        {
            var servant = $"{request.ServiceId}.{adapter.ObjName.Trim()}";
            return new AdapterConfRow
            {
                Application = request.Application.Trim(),
                ServerName = request.ServerName.Trim(),
                NodeName = node,
                AdapterName = servant + "Adapter",
                Servant = servant,
                Endpoint = adapter.ToInput(node).ToEndpoint().ToString(),
                ThreadNum = adapter.ThreadNum,
                MaxConnections = adapter.MaxConnections,
                Queuecap = adapter.Queuecap,
                Queuetimeout = adapter.Queuetimeout,
                Protocol = adapter.Protocol,
                AllowIp = "",
                Handlegroup = "",
                Posttime = now,
                Lastuser = user,
            };
        })).ToList();

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var inserted = 0;
            foreach (var row in serverRows)
            {
                await servers.InsertAsync(row, transaction, cancellationToken);
                await Step(++inserted);
            }

            foreach (var row in adapterRows)
            {
                await adapters.InsertAsync(row, transaction, cancellationToken);
                await Step(++inserted);
            }

            var scope = $"{request.Application.Trim()}.{request.ServerName.Trim()}";
            foreach (var (name, role) in operatorNames.Select(n => (n, Role.Operator)).Concat(developerNames.Select(n => (n, Role.Developer))))
            {
                await grantRows.InsertAsync(new Grant(name, role, scope), transaction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            // Someone deployed the same service (or servant) between the check and the write.
            throw new ValidationFailedException(new FieldError(nameof(ServiceDeployRequest.ServerName), "ServiceWizard.Server.AlreadyExists",
                $"{request.ServiceId} already exists on one of the chosen nodes (someone created it meanwhile); nothing was written.", request.ServiceId));
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }

        return new ServiceDeployResult(serverRows, adapterRows);

        Task Step(int count) => AfterInsert?.Invoke(count) ?? Task.CompletedTask;
    }

    private static ServiceDeployRequest Copy(ServiceDeployRequest request)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(request);
        return System.Text.Json.JsonSerializer.Deserialize<ServiceDeployRequest>(json)!;
    }
}
