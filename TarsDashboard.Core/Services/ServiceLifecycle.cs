using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Starts, stops and restarts container-mode service instances as Tars tasks: a <c>t_task</c> with one
/// <c>t_task_item</c> per instance, run in the background (one after another or all at once), each item going
/// prepare -> running -> success/failed with its steps in the item's log, on the <see cref="LiveEventBus"/>
/// (<see cref="TaskProgress"/>) and in the <see cref="JournalLog"/>. Operations on one instance never overlap.
/// </summary>
public sealed class ServiceLifecycle
{
    private readonly ServerConfRepository servers;
    private readonly AdapterConfRepository adapters;
    private readonly ProfileTemplateRepository templates;
    private readonly BaseImageRepository images;
    private readonly NodeRepository nodes;
    private readonly TaskRepository tasks;
    private readonly ImageSyncService imageSync;
    private readonly ServicePackageUploader uploader;
    private readonly FrameworkLocator framework;
    private readonly DockerClientPool clients;
    private readonly NodeOwnershipReader ownership;
    private readonly TarsDashboard.Core.Cluster.TaskOwnership taskOwnership;
    private readonly ServiceStateWriter stateWriter;
    private readonly FrameworkLifecycle frameworkLifecycle;
    private readonly Operations operations;
    private readonly AccessControl access;
    private readonly JournalLog journal;
    private readonly LiveEventBus bus;
    private readonly IOptions<ServiceLifecycleOptions> options;
    private readonly ILogger<ServiceLifecycle> logger;
    private readonly TimeProvider clock;

    internal ServiceLifecycle(
        ServerConfRepository servers,
        AdapterConfRepository adapters,
        ProfileTemplateRepository templates,
        BaseImageRepository images,
        NodeRepository nodes,
        TaskRepository tasks,
        ImageSyncService imageSync,
        ServicePackageUploader uploader,
        FrameworkLocator framework,
        DockerClientPool clients,
        NodeOwnershipReader ownership,
        ServiceStateWriter stateWriter,
        FrameworkLifecycle frameworkLifecycle,
        Operations operations,
        AccessControl access,
        JournalLog journal,
        LiveEventBus bus,
        IOptions<ServiceLifecycleOptions> options,
        ILogger<ServiceLifecycle> logger,
        TimeProvider clock,
        TarsDashboard.Core.Cluster.TaskOwnership taskOwnership)
    {
        this.taskOwnership = taskOwnership;
        this.clock = clock;
        this.servers = servers;
        this.adapters = adapters;
        this.templates = templates;
        this.images = images;
        this.nodes = nodes;
        this.tasks = tasks;
        this.imageSync = imageSync;
        this.uploader = uploader;
        this.framework = framework;
        this.clients = clients;
        this.ownership = ownership;
        this.stateWriter = stateWriter;
        this.frameworkLifecycle = frameworkLifecycle;
        this.operations = operations;
        this.access = access;
        this.journal = journal;
        this.bus = bus;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>How long a service gets to exit after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan EngineCallTimeout = TimeSpan.FromSeconds(60);

    // Reading, checking and rewriting a package of up to Packages:MaxBytes on the dashboard's disk.
    private static readonly TimeSpan PackageTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _instanceLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    public Task<TaskRow> StartAsync(Caller caller, IReadOnlyList<int> serverIds, bool serial = false,
        ServicePackageSource? package = null, CancellationToken cancellationToken = default) =>
        CreateTaskAsync(caller, ServiceCommands.Start, serverIds, serial, package, cancellationToken);

    public Task<TaskRow> StopAsync(Caller caller, IReadOnlyList<int> serverIds, bool serial = false, CancellationToken cancellationToken = default) =>
        CreateTaskAsync(caller, ServiceCommands.Stop, serverIds, serial, null, cancellationToken);

    public Task<TaskRow> RestartAsync(Caller caller, IReadOnlyList<int> serverIds, bool serial = false,
        ServicePackageSource? package = null, CancellationToken cancellationToken = default) =>
        CreateTaskAsync(caller, ServiceCommands.Restart, serverIds, serial, package, cancellationToken);

    /// <summary>Completes when the task's items have all finished (at once when it is not running in this process).</summary>
    public Task WaitAsync(string taskNo) =>
        FrameworkTaskNumbers.IsDelegated(taskNo) ? frameworkLifecycle.WaitAsync(taskNo)
        : _running.TryGetValue(taskNo, out var running) ? running : Task.CompletedTask;

    /// <summary>
    /// Why this instance cannot be started, stopped or restarted from the dashboard, or null when it can: the one place
    /// that decides, from the node's <see cref="NodeOwnership"/> and the run mode. A tarsnode's instances (native or
    /// container) are not refused: they go through tarsAdminRegistry (<see cref="FrameworkLifecycle"/>); the dashboard
    /// runs the containers of the nodes it owns itself.
    /// </summary>
    public static FieldError? Refusal(ServerConfRow row, NodeOwnership owner)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Owner switch
        {
            InstanceOwner.Tarsnode => null,
            InstanceOwner.Conflict => new FieldError("Servers", "Service.Lifecycle.Conflict",
                $"{row.ServiceId} on {row.NodeName}: a tarsnode sends heartbeats for this node (last {LastBeat(owner)}) " +
                "while it is registered as engine-managed; register the node as tarsnode-managed.",
                row.ServiceId, row.NodeName, LastBeat(owner)),
            _ when !RunTypes.IsContainer(row.RunType) => new FieldError("Servers", "Service.Lifecycle.Native",
                "Native services are started and stopped by tarsnode; switch the service to container mode to run it from the dashboard."),
            _ => null,
        };
    }

    // A dashboard task's item found its node taken over by a tarsnode after the task was made: it must not touch it.
    private static FieldError TakenOver(ServerConfRow row) => new("Servers", "Service.Lifecycle.Tarsnode",
        $"{row.ServiceId} on {row.NodeName}: a tarsnode manages this node, so the dashboard does not create, stop or remove its " +
        "containers; run the action again and it goes through tarsAdminRegistry.", row.ServiceId, row.NodeName);

    private static string LastBeat(NodeOwnership owner) => owner.Heartbeat?.TimeOfDay ?? "?";

    /// <summary>The text of <see cref="Refusal"/>, or null.</summary>
    public static string? RefusalReason(ServerConfRow row, NodeOwnership owner) => Refusal(row, owner)?.Message;

    /// <summary>
    /// The instances of <paramref name="serverIds"/> in the order given (each once), read in one query;
    /// <see cref="ValidationFailedException"/> naming the first id that does not exist.
    /// </summary>
    internal static async Task<List<ServerConfRow>> ReadInstancesAsync(ServerConfRepository servers, IReadOnlyList<int> serverIds,
        CancellationToken cancellationToken)
    {
        var ids = serverIds.Distinct().ToList();
        var found = (await servers.ListByIdsAsync(ids, cancellationToken)).ToDictionary(r => r.Id);
        return [.. ids.Select(id => found.GetValueOrDefault(id)
                                    ?? throw new ValidationFailedException(new FieldError("Servers", "Service.NotFound", $"No such service instance #{id}.", id)))];
    }

    private async Task<TaskRow> CreateTaskAsync(Caller caller, string command, IReadOnlyList<int> serverIds, bool serial,
        ServicePackageSource? package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(serverIds);
        var rows = await ReadInstancesAsync(servers, serverIds, cancellationToken);

        if (rows.Count == 0)
        {
            throw new ValidationFailedException(new FieldError("Servers", "Service.Task.Empty", "Choose at least one service instance."));
        }

        var owners = await ownership.ForNodesAsync(rows.Select(r => r.NodeName), cancellationToken);
        if (await DelegatedAsync(caller, command, rows, owners, serial, package, cancellationToken) is { } delegated)
        {
            return delegated;
        }

        var task = new TaskRow { TaskNo = TaskNumbers.NewTaskNo(clock), Serial = serial, UserName = Truncate(caller.UserName, 20), CreateTime = clock.GetUtcNow().UtcDateTime };
        var items = rows.Select((row, index) => new TaskItemRow
        {
            TaskNo = task.TaskNo,
            ItemNo = TaskNumbers.ItemNo(task.TaskNo, index),
            Application = row.Application,
            ServerName = row.ServerName,
            NodeName = row.NodeName,
            Command = command,
            Parameters = "{}",
            SetName = row.SetName ?? "",
            Status = (int)TaskItemStatus.NotStarted,
            Log = "",
        }).ToList();

        // One grant check and audit row per service (the one seam), on grants read once; the task is only written when
        // every one passes.
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        foreach (var service in rows.GroupBy(r => (r.Application, r.ServerName)))
        {
            var nodesText = string.Join(", ", service.Select(r => r.NodeName));
            await operations.RunAsync(caller, grants, Permission.OperateService, AccessTarget.Service(service.Key.Application, service.Key.ServerName),
                $"service.{command}", $"{service.Key.Application}.{service.Key.ServerName} on {nodesText}", async audit =>
                {
                    // One reason per refused instance, so a batch says which node is whose.
                    var refusals = new List<FieldError>();
                    foreach (var row in service)
                    {
                        if (Refusal(row, owners[row.NodeName]) is { } refused)
                        {
                            refusals.Add(refused);
                        }
                    }

                    if (refusals.Count > 0)
                    {
                        throw new ValidationFailedException(refusals);
                    }

                    audit.Detail = $"task {task.TaskNo}";
                }, cancellationToken);
        }

        // Owned before its rows exist: another instance's sweep never takes a task of a live instance for cut off.
        await taskOwnership.ClaimAsync(task.TaskNo, cancellationToken);
        try
        {
            await tasks.InsertAsync(task, items, cancellationToken);
        }
        catch
        {
            await taskOwnership.ReleaseAsync(task.TaskNo);
            throw;
        }

        var pairs = rows.Zip(items).ToList();
        foreach (var (row, item) in pairs)
        {
            Publish(row, item, TaskItemStatus.NotStarted);
        }

        var run = Task.Run(async () =>
        {
            try
            {
                await RunTaskAsync(caller, command, serial, pairs, package);
            }
            finally
            {
                await taskOwnership.ReleaseAsync(task.TaskNo);
            }
        });
        _running[task.TaskNo] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(task.TaskNo, out var _), TaskScheduler.Default);
        return task;
    }

    // Instances a tarsnode owns go to tarsAdminRegistry as one task, as the Tars web platform sends them; null when the
    // dashboard owns them all. One task is never half ours and half the framework's.
    private async Task<TaskRow?> DelegatedAsync(Caller caller, string command, List<ServerConfRow> rows,
        IReadOnlyDictionary<string, NodeOwnership> owners, bool serial, ServicePackageSource? package, CancellationToken cancellationToken)
    {
        var allTarsnodes = NodeOwnershipReader.AllTarsnodes(owners);
        if (allTarsnodes == false)
        {
            return null;
        }

        if (allTarsnodes is null)
        {
            var tarsnodeNodes = string.Join(", ", owners.Values.Where(o => o.Owner == InstanceOwner.Tarsnode).Select(o => o.NodeName));
            throw new ValidationFailedException(new FieldError("Servers", "Service.Lifecycle.Mixed",
                $"{tarsnodeNodes}: a tarsnode manages these nodes and the dashboard the others; choose the instances of one kind of node per task.",
                tarsnodeNodes));
        }

        if (package is not null)
        {
            // Publishing goes through ServicePackageStore, which hands tarsnode's instances to FrameworkPublisher.
            throw new ValidationFailedException(new FieldError("Package", "Service.Lifecycle.TarsnodePackage",
                "A package reaches a tarsnode-managed node through tarsAdminRegistry's publish; publish it from the Packages panel."));
        }

        return await frameworkLifecycle.RunAsync(caller, command, rows, serial, cancellationToken);
    }

    private async Task RunTaskAsync(Caller caller, string command, bool serial, List<(ServerConfRow Row, TaskItemRow Item)> pairs,
        ServicePackageSource? package)
    {
        if (serial)
        {
            foreach (var (row, item) in pairs)
            {
                await RunItemAsync(caller, command, row, item, package);
            }
        }
        else
        {
            await Task.WhenAll(pairs.Select(p => RunItemAsync(caller, command, p.Row, p.Item, package)));
        }
    }

    private async Task RunItemAsync(Caller caller, string command, ServerConfRow row, TaskItemRow item, ServicePackageSource? package)
    {
        var run = new ItemRun(this, row, item, caller);
        try
        {
            await run.StepAsync(TaskItemStatus.Prepare, $"{command} requested by {caller}", clock.GetUtcNow().UtcDateTime);
            var gate = _instanceLocks.GetOrAdd($"{row.Application}.{row.ServerName}@{row.NodeName}", _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync();
            try
            {
                var current = await servers.GetAsync(row.Id) ?? throw new LifecycleStepException("the service instance no longer exists");
                // Asked again here: the node may have been switched, or a tarsnode started heartbeating, since the task was made.
                var owner = await ownership.ForNodeAsync(current.NodeName);
                if ((owner.Owner == InstanceOwner.Tarsnode ? TakenOver(current) : Refusal(current, owner)) is { } refused)
                {
                    throw new LifecycleStepException(refused.Message);
                }

                var node = await nodes.GetAsync(current.NodeName)
                           ?? throw new LifecycleStepException($"node {current.NodeName} is not registered on the Nodes page");
                await run.StepAsync(TaskItemStatus.Running, "running");
                // Everything that can fail before the old container goes (image, config, package) is done first, so a
                // failed restart leaves the service running as it was.
                await using var prepared = command == ServiceCommands.Stop ? null : await PrepareStartAsync(run, current, node, package);
                if (command != ServiceCommands.Start)
                {
                    await StopContainerAsync(run, current, node);
                }

                if (prepared is not null)
                {
                    await StartContainerAsync(run, current, node, prepared);
                }
            }
            finally
            {
                gate.Release();
            }

            await run.StepAsync(TaskItemStatus.Success, "done", endTime: clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception exception)
        {
            var reason = exception switch
            {
                LifecycleStepException step => step.Message,
                ValidationFailedException validation => string.Join("; ", validation.Errors.Select(e => e.Message)),
                _ => EngineError.Describe(exception, EngineCallTimeout),
            };
            logger.LogWarning(exception, "{Command} of {Service} on {Node} failed: {Reason}", command, row.ServiceId, row.NodeName, reason);
            try
            {
                await run.StepAsync(TaskItemStatus.Failed, $"failed: {reason}", endTime: clock.GetUtcNow().UtcDateTime, severity: LogSeverity.Error);
            }
            catch (Exception recording)
            {
                logger.LogError(recording, "Could not record the failure of task item {ItemNo}", item.ItemNo);
            }
        }
    }

    /// <summary>What a start needs, ready before the old container goes: the container, the files to write, the package.</summary>
    private sealed class PreparedStart(ContainerSpec spec, ServiceLayout layout, string config, TarsConfigDocument configDocument,
        Stream? package, ServicePackageContent? packageContent) : IAsyncDisposable
    {
        public ContainerSpec Spec { get; } = spec;

        public ServiceLayout Layout { get; } = layout;

        public string Config { get; } = config;

        public TarsConfigDocument ConfigDocument { get; } = configDocument;

        /// <summary>The package rewritten for the exe path (a temporary file), or null when the start brings none.</summary>
        public Stream? Package { get; } = package;

        public ServicePackageContent? PackageContent { get; } = packageContent;

        public ValueTask DisposeAsync() => Package?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private async Task<PreparedStart> PrepareStartAsync(ItemRun run, ServerConfRow row, NodeRow node, ServicePackageSource? package)
    {
        var image = row.BaseImageId is > 0 ? await images.GetAsync(row.BaseImageId.Value) : null;
        if (image is null)
        {
            throw new LifecycleStepException("the service has no image; choose one in its container settings");
        }

        var errors = new List<FieldError>();
        var merged = ServiceEditor.Merge(await templates.ListAsync(), row.TemplateName, row.Profile ?? "", errors)
                     ?? throw new LifecycleStepException(string.Join("; ", errors.Select(e => e.Message)));
        var instanceAdapters = await adapters.ListForInstanceAsync(row.Application, row.ServerName, row.NodeName);
        var spec = ContainerSpecBuilder.Build(row, merged, node, image.Image, new ContainerSpecOptions
        {
            AdapterEndpoints = [.. instanceAdapters.Select(a => EndpointText.TryParse(a.Endpoint)).OfType<EndpointText>()],
        }) with { Privileged = options.Value.Privileged };
        var layout = ServiceLayout.For(row, merged);
        if (layout.IsNotTars && layout.CustomStartScript is null)
        {
            throw new LifecycleStepException("a not_tars service is started by its start script: set start_script_path");
        }

        // The config as tarsnode writes it, then the start script's inputs checked against it (env= names).
        var adminPort = AdminPorts.Assign(new AdminPortClaim(row.Id, row.Application, row.ServerName), row.NodeName,
            (await servers.ListOnNodeAsync(row.NodeName)).Select(r => new AdminPortClaim(r.Id, r.Application, r.ServerName)),
            (await adapters.ListEndpointsOnNodeAsync(row.NodeName)).Select(EndpointText.TryParse).OfType<EndpointText>().Select(e => e.Port));
        var config = ServiceConfigFile.Build(row, merged, instanceAdapters, new ServiceConfigSettings
        {
            Locator = await framework.GetLocatorAsync(),
            AdminPort = adminPort,
            BaseImage = image.Image,
            Sha = image.Sha ?? "",
        });
        var parsed = TarsConfigParser.Parse(config);
        if (!parsed.Succeeded)
        {
            throw new LifecycleStepException($"the generated config does not parse: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }

        StartScript.ExportLines(StartScriptInput.From(layout, parsed.Document!, layout.ExeFile).Environment);

        Stream? rewritten = null;
        ServicePackageContent? content = null;
        if (package is not null)
        {
            (rewritten, content) = await RewritePackageAsync(row, layout, package);
            await run.StepAsync(TaskItemStatus.Running, content.CopyRoot.Length == 0
                ? $"package checked: {content.Entries.Count.ToString(CultureInfo.InvariantCulture)} entries for {layout.ExePath}"
                : $"package checked: {content.Entries.Count.ToString(CultureInfo.InvariantCulture)} entries of {content.CopyRoot} for {layout.ExePath}");
        }

        try
        {
            // The image first: when it cannot be pulled, the old container is left as it was.
            await run.StepAsync(TaskItemStatus.Running, $"pulling image {image.Image} if missing or changed");
            var pulled = await imageSync.EnsurePulledAsync(image.Id, node);
            if (!pulled.Succeeded)
            {
                throw new LifecycleStepException($"image {image.Image} could not be pulled: {pulled.Error}");
            }

            await run.StepAsync(TaskItemStatus.Running, $"image ready ({ShortId(pulled.ImageId)})");
            return new PreparedStart(spec, layout, config, parsed.Document!, rewritten, content);
        }
        catch
        {
            if (rewritten is not null)
            {
                await rewritten.DisposeAsync();
            }

            throw;
        }
    }

    // tarsnode's patch rule applied to the package, into a temporary tar rooted at the exe path (deleted on close).
    private static async Task<(Stream Tar, ServicePackageContent Content)> RewritePackageAsync(ServerConfRow row, ServiceLayout layout,
        ServicePackageSource package)
    {
        using var timeout = new CancellationTokenSource(PackageTimeout);
        await using var plain = await ServicePackageRewriter.OpenPlainTarAsync(await package(row, timeout.Token), timeout.Token);
        var target = new FileStream(Path.Combine(Path.GetTempPath(), $"tdash-bin-{Guid.NewGuid():N}.tar"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var content = await ServicePackageRewriter.RewriteAsync(plain, target, layout.ExePath.TrimStart('/'), timeout.Token);
            target.Position = 0;
            return (target, content);
        }
        catch (ValidationFailedException refused)
        {
            await target.DisposeAsync();
            throw new LifecycleStepException($"the package is refused: {string.Join("; ", refused.Errors.Select(e => e.Message))}");
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private async Task StartContainerAsync(ItemRun run, ServerConfRow row, NodeRow node, PreparedStart prepared)
    {
        var spec = prepared.Spec;
        var layout = prepared.Layout;
        await RemoveContainerAsync(run, row, node);

        var client = clients.For(node);
        using var timeout = new CancellationTokenSource(EngineCallTimeout);
        var created = await client.Containers.CreateContainerAsync(spec.ToCreateParameters(), timeout.Token);
        await run.StepAsync(TaskItemStatus.Running, $"created container {spec.Name} ({ShortId(created.ID)})");

        string script;
        try
        {
            if (prepared.Package is not null)
            {
                await uploader.UploadAsync(node, created.ID, "/", prepared.Package, timeout.Token);
                await run.StepAsync(TaskItemStatus.Running, $"package copied into {layout.ExePath}");
            }

            // As tarsnode before a start: find the program, then write the start script (every time) and the config.
            var input = await ResolveProgramAsync(node, created.ID, layout, prepared.ConfigDocument, timeout.Token);
            script = StartScript.Build(input);
        }
        catch (LifecycleStepException)
        {
            // Not started: nothing is left behind.
            await RemoveQuietlyAsync(client, created.ID);
            throw;
        }

        await uploader.WriteFileAsync(node, created.ID, layout.StartScriptFile, script, ServicePackageUploader.Executable, timeout.Token);
        await run.StepAsync(TaskItemStatus.Running, $"start script written to {layout.StartScriptFile}");
        await uploader.WriteFileAsync(node, created.ID, layout.ConfigFile, prepared.Config, ServicePackageUploader.Readable, timeout.Token);
        await run.StepAsync(TaskItemStatus.Running, $"config written to {layout.ConfigFile}");

        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
        var inspected = await client.Containers.InspectContainerAsync(created.ID, timeout.Token);
        if (inspected.State is not { Running: true })
        {
            await SetStateAsync(run, row, PresentStates.Inactive, 0);
            throw new LifecycleStepException($"exited with code {inspected.State?.ExitCode ?? -1} right after start; read its log");
        }

        var pid = (int)inspected.State.Pid;
        await SetStateAsync(run, row, PresentStates.Active, pid);
        await run.StepAsync(TaskItemStatus.Running, $"started pid {pid.ToString(CultureInfo.InvariantCulture)}");
    }

    // tarsnode's checks before a start (CommandStart::canExecute), made on the created container's files.
    private async Task<StartScriptInput> ResolveProgramAsync(NodeRow node, string containerId, ServiceLayout layout, TarsConfigDocument config,
        CancellationToken cancellationToken)
    {
        async Task<bool> ExistsAsync(string path) => await uploader.StatAsync(node, containerId, path, cancellationToken) is not null;

        if (layout.CustomStartScript is { } custom)
        {
            return await ExistsAsync(custom)
                ? StartScriptInput.From(layout, config, layout.ExeFile)
                : throw new LifecycleStepException($"the start script {custom} is not there; publish a package that holds it");
        }

        if (layout.IsNodejs)
        {
            var bundled = layout.ExePath + "tars_nodejs/node";
            var program = await ExistsAsync(bundled) ? bundled : "node";
            var folder = ServiceProgramSearch.FindNodePackageFolder(await uploader.ListAsync(node, containerId, layout.ExePath, cancellationToken));
            return StartScriptInput.From(layout, config, program, folder is null ? null : layout.ExePath + folder);
        }

        if (layout.IsJava || layout.IsPhp)
        {
            // A configured interpreter that is not in the image falls back to the one on its PATH.
            var fallback = layout.IsJava ? "java" : "php";
            var program = PosixPath.IsAbsolute(layout.ExeFile) && !await ExistsAsync(layout.ExeFile) ? fallback : layout.ExeFile;
            return StartScriptInput.From(layout, config, program);
        }

        if (await ExistsAsync(layout.ExeFile))
        {
            return StartScriptInput.From(layout, config, layout.ExeFile);
        }

        // A program renamed in the package: the first executable with "Server" in its name, as tarsnode looks for it.
        var found = ServiceProgramSearch.FindServerProgram(await uploader.ListAsync(node, containerId, layout.ExePath, cancellationToken));
        return found is not null
            ? StartScriptInput.From(layout, config, layout.ExePath + found)
            : throw new LifecycleStepException(
                $"{layout.ExeFile} is not there, nor any program with \"Server\" in its name under {layout.ExePath}; publish the service's package " +
                $"(make {PosixPath.NameOf(layout.ExeFile)}-tar gives {PosixPath.NameOf(layout.ExeFile)}/{PosixPath.NameOf(layout.ExeFile)}...)");
    }

    private static async Task RemoveQuietlyAsync(IDockerClient client, string containerId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(EngineCallTimeout);
            await client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or OperationCanceledException)
        {
            // The failure being reported matters more; the next start replaces the container anyway.
        }
    }

    private async Task StopContainerAsync(ItemRun run, ServerConfRow row, NodeRow node)
    {
        var removed = await RemoveContainerAsync(run, row, node);
        await SetStateAsync(run, row, PresentStates.Inactive, 0);
        await run.StepAsync(TaskItemStatus.Running, removed ? "stopped" : "stopped (no container was there)");
    }

    // Stops (SIGTERM, then SIGKILL after StopTimeout) and removes the container named App.Server; false when there was none.
    private async Task<bool> RemoveContainerAsync(ItemRun run, ServerConfRow row, NodeRow node)
    {
        var client = clients.For(node);
        var name = $"{row.Application}.{row.ServerName}";
        using var timeout = new CancellationTokenSource(EngineCallTimeout + StopTimeout);
        ContainerInspectResponse existing;
        try
        {
            existing = await client.Containers.InspectContainerAsync(name, timeout.Token);
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }

        RefuseForeignContainer(existing, row, node);
        if (existing.State is { Running: true })
        {
            await client.Containers.StopContainerAsync(existing.ID,
                new ContainerStopParameters { WaitBeforeKillSeconds = (uint)StopTimeout.TotalSeconds }, timeout.Token);
            await run.StepAsync(TaskItemStatus.Running, $"stopped container {name} ({ShortId(existing.ID)})");
        }

        try
        {
            await client.Containers.RemoveContainerAsync(existing.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed meanwhile: the outcome is the same.
        }

        await run.StepAsync(TaskItemStatus.Running, $"removed container {name}");
        return true;
    }

    // A running App.Server without the dashboard's labels was made by a tarsnode (it labels nothing): replacing or
    // removing it would start the fight of the interop findings §2.1, so the item stops here and the container stays.
    private static void RefuseForeignContainer(ContainerInspectResponse existing, ServerConfRow row, NodeRow node)
    {
        if (existing.State is { Running: true } && !ServiceContainerLabels.AreOnContainer(existing.Config?.Labels))
        {
            throw new LifecycleStepException(
                $"a running container {row.ServiceId} without the dashboard's labels is on node {node.NodeName}: a tarsnode seems to run " +
                "there; it was left untouched. Register the node as tarsnode-managed, or stop that tarsnode first");
        }
    }

    // Through the one state writer: it writes nothing where a tarsnode owns the node.
    private Task SetStateAsync(ItemRun run, ServerConfRow row, string presentState, int processId) =>
        stateWriter.WriteAsync(row, presentState, processId, run.Command, run.Caller);

    private async Task RecordAsync(ServerConfRow row, TaskItemRow item, TaskItemStatus status, string line, DateTime? startTime,
        DateTime? endTime, LogSeverity severity)
    {
        journal.Write(row.NodeName, row.ServiceId, $"{item.Command}: {line}", severity);
        await tasks.SetItemAsync(item.ItemNo, status, item.Log ?? "", startTime, endTime);
        Publish(row, item, status);
    }

    private void Publish(ServerConfRow row, TaskItemRow item, TaskItemStatus status) =>
        bus.Publish(new TaskProgress(item.TaskNo, item.ItemNo, row.Id, row.Application, row.ServerName, row.NodeName, item.Command ?? "", status, item.Log ?? ""));

    private static string ShortId(string? id) =>
        id is null ? "?" : (id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id) is var bare && bare.Length > 12 ? bare[..12] : bare;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    // For ItemRun, which cannot see the primary constructor's parameters.
    private TimeProvider Clock => clock;

    /// <summary>One item as it runs: its log so far, written to the row, the bus and the journal at every step.</summary>
    private sealed class ItemRun(ServiceLifecycle owner, ServerConfRow row, TaskItemRow item, Caller caller)
    {
        private readonly StringBuilder _log = new();

        public string Caller { get; } = caller.UserName;

        public string Command { get; } = item.Command ?? "";

        public async Task StepAsync(TaskItemStatus status, string line, DateTime? startTime = null, DateTime? endTime = null,
            LogSeverity severity = LogSeverity.Info)
        {
            _log.Append(CultureInfo.InvariantCulture, $"{owner.Clock.GetUtcNow().UtcDateTime:HH:mm:ss} {line}\n");
            item.Log = _log.ToString();
            item.Status = (int)status;
            await owner.RecordAsync(row, item, status, line, startTime, endTime, severity);
        }
    }
}
