using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Starts, stops and restarts container-mode service instances as Tars tasks: a <c>t_task</c> with one
/// <c>t_task_item</c> per instance, run in the background (one after another or all at once), each item going
/// prepare -> running -> success/failed with its steps in the item's log, on the <see cref="LiveEventBus"/>
/// (<see cref="TaskProgress"/>) and in the <see cref="JournalLog"/>. Operations on one instance never overlap.
/// </summary>
public sealed class ServiceLifecycle(
    ServerConfRepository servers,
    AdapterConfRepository adapters,
    ProfileTemplateRepository templates,
    BaseImageRepository images,
    NodeRepository nodes,
    TaskRepository tasks,
    ImageSyncService imageSync,
    ServicePackageUploader uploader,
    DockerClientPool clients,
    NodeOwnershipReader ownership,
    ServiceStateWriter stateWriter,
    Operations operations,
    JournalLog journal,
    LiveEventBus bus,
    IOptions<ServiceLifecycleOptions> options,
    ILogger<ServiceLifecycle> logger)
{
    /// <summary>How long a service gets to exit after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan EngineCallTimeout = TimeSpan.FromSeconds(60);

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
    public Task WaitAsync(string taskNo) => _running.TryGetValue(taskNo, out var running) ? running : Task.CompletedTask;

    /// <summary>
    /// Why the dashboard will not start, stop or restart this instance's container itself, or null when it will: the
    /// one place that decides, from the node's <see cref="NodeOwnership"/> and the run mode. The lifecycle switches on
    /// <see cref="NodeOwnership.Owner"/>; tarsnode's instances are refused until they go through tarsAdminRegistry.
    /// </summary>
    public static FieldError? Refusal(ServerConfRow row, NodeOwnership owner)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Owner switch
        {
            InstanceOwner.Tarsnode => new FieldError("Servers", "Service.Lifecycle.Tarsnode",
                $"{row.ServiceId} on {row.NodeName}: a tarsnode manages this node, so the dashboard does not create, stop or remove its " +
                "containers; start, stop and restart it from the Tars web platform.", row.ServiceId, row.NodeName),
            InstanceOwner.Conflict => new FieldError("Servers", "Service.Lifecycle.Conflict",
                $"{row.ServiceId} on {row.NodeName}: a tarsnode sends heartbeats for this node (last {LastBeat(owner)}) " +
                "while it is registered as engine-managed; register the node as tarsnode-managed.",
                row.ServiceId, row.NodeName, LastBeat(owner)),
            _ when !RunTypes.IsContainer(row.RunType) => new FieldError("Servers", "Service.Lifecycle.Native",
                "Native services are started and stopped by tarsnode; switch the service to container mode to run it from the dashboard."),
            _ => null,
        };
    }

    private static string LastBeat(NodeOwnership owner) => owner.Heartbeat?.TimeOfDay ?? "?";

    /// <summary>The text of <see cref="Refusal"/>, or null.</summary>
    public static string? RefusalReason(ServerConfRow row, NodeOwnership owner) => Refusal(row, owner)?.Message;

    private async Task<TaskRow> CreateTaskAsync(Caller caller, string command, IReadOnlyList<int> serverIds, bool serial,
        ServicePackageSource? package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(serverIds);
        var rows = new List<ServerConfRow>();
        foreach (var id in serverIds.Distinct())
        {
            rows.Add(await servers.GetAsync(id, cancellationToken)
                     ?? throw new ValidationFailedException(new FieldError("Servers", "Service.NotFound", $"No such service instance #{id}.", id)));
        }

        if (rows.Count == 0)
        {
            throw new ValidationFailedException(new FieldError("Servers", "Service.Task.Empty", "Choose at least one service instance."));
        }

        var task = new TaskRow { TaskNo = TaskNumbers.NewTaskNo(), Serial = serial, UserName = Truncate(caller.UserName, 20), CreateTime = DateTime.UtcNow };
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

        // One grant check and audit row per service (the one seam); the task is only written when every one passes.
        foreach (var service in rows.GroupBy(r => (r.Application, r.ServerName)))
        {
            var nodesText = string.Join(", ", service.Select(r => r.NodeName));
            await operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(service.Key.Application, service.Key.ServerName),
                $"service.{command}", $"{service.Key.Application}.{service.Key.ServerName} on {nodesText}", async audit =>
                {
                    // One reason per refused instance, so a batch says which node is whose.
                    var refusals = new List<FieldError>();
                    foreach (var row in service)
                    {
                        if (Refusal(row, await ownership.ForNodeAsync(row.NodeName, cancellationToken)) is { } refused)
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

        await tasks.InsertAsync(task, items, cancellationToken);
        var pairs = rows.Zip(items).ToList();
        foreach (var (row, item) in pairs)
        {
            Publish(row, item, TaskItemStatus.NotStarted);
        }

        var run = Task.Run(() => RunTaskAsync(caller, command, serial, pairs, package));
        _running[task.TaskNo] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(task.TaskNo, out var _), TaskScheduler.Default);
        return task;
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
            await run.StepAsync(TaskItemStatus.Prepare, $"{command} requested by {caller}", DateTime.UtcNow);
            var gate = _instanceLocks.GetOrAdd($"{row.Application}.{row.ServerName}@{row.NodeName}", _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync();
            try
            {
                var current = await servers.GetAsync(row.Id) ?? throw new LifecycleStepException("the service instance no longer exists");
                // Asked again here: the node may have been switched, or a tarsnode started heartbeating, since the task was made.
                if (Refusal(current, await ownership.ForNodeAsync(current.NodeName)) is { } refused)
                {
                    throw new LifecycleStepException(refused.Message);
                }

                var node = await nodes.GetAsync(current.NodeName)
                           ?? throw new LifecycleStepException($"node {current.NodeName} is not registered on the Nodes page");
                await run.StepAsync(TaskItemStatus.Running, "running");
                // Everything that can fail before the old container goes (image, config) is done first, so a failed
                // restart leaves the service running as it was.
                var prepared = command == ServiceCommands.Stop ? null : await PrepareStartAsync(run, current, node);
                if (command != ServiceCommands.Start)
                {
                    await StopContainerAsync(run, current, node);
                }

                if (prepared is not null)
                {
                    await StartContainerAsync(run, current, node, prepared, package);
                }
            }
            finally
            {
                gate.Release();
            }

            await run.StepAsync(TaskItemStatus.Success, "done", endTime: DateTime.UtcNow);
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
                await run.StepAsync(TaskItemStatus.Failed, $"failed: {reason}", endTime: DateTime.UtcNow, severity: LogSeverity.Error);
            }
            catch (Exception recording)
            {
                logger.LogError(recording, "Could not record the failure of task item {ItemNo}", item.ItemNo);
            }
        }
    }

    private sealed record PreparedStart(ContainerSpec Spec, string Config);

    private async Task<PreparedStart> PrepareStartAsync(ItemRun run, ServerConfRow row, NodeRow node)
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

        // The image first: when it cannot be pulled, the old container is left as it was.
        await run.StepAsync(TaskItemStatus.Running, $"pulling image {image.Image} if missing or changed");
        var pulled = await imageSync.EnsurePulledAsync(image.Id, node);
        if (!pulled.Succeeded)
        {
            throw new LifecycleStepException($"image {image.Image} could not be pulled: {pulled.Error}");
        }

        await run.StepAsync(TaskItemStatus.Running, $"image ready ({ShortId(pulled.ImageId)})");
        return new PreparedStart(spec, ServiceConfigFile.Build(row, merged, instanceAdapters));
    }

    private async Task StartContainerAsync(ItemRun run, ServerConfRow row, NodeRow node, PreparedStart prepared, ServicePackageSource? package)
    {
        var spec = prepared.Spec;
        await RemoveContainerAsync(run, row, node);

        var client = clients.For(node);
        using var timeout = new CancellationTokenSource(EngineCallTimeout);
        var created = await client.Containers.CreateContainerAsync(spec.ToCreateParameters(), timeout.Token);
        await run.StepAsync(TaskItemStatus.Running, $"created container {spec.Name} ({ShortId(created.ID)})");

        var serverDir = ServiceFolders.ServerDir(row.Application, row.ServerName);
        if (package is not null)
        {
            await using var stream = await package(row, timeout.Token);
            await uploader.UploadAsync(node, created.ID, serverDir, stream, timeout.Token);
            await run.StepAsync(TaskItemStatus.Running, "package uploaded");
        }

        var config = prepared.Config;
        var configPath = ServiceConfigFile.RelativePath(row.Application, row.ServerName);
        await uploader.WriteFileAsync(node, created.ID, serverDir, configPath, config, timeout.Token);
        await run.StepAsync(TaskItemStatus.Running, $"config written to {serverDir}/{configPath}");

        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
        var inspected = await client.Containers.InspectContainerAsync(created.ID, timeout.Token);
        if (inspected.State is not { Running: true })
        {
            await SetStateAsync(row, PresentStates.Inactive, 0, run.Caller);
            throw new LifecycleStepException($"exited with code {inspected.State?.ExitCode ?? -1} right after start; read its log");
        }

        var pid = (int)inspected.State.Pid;
        await SetStateAsync(row, PresentStates.Active, pid, run.Caller);
        await run.StepAsync(TaskItemStatus.Running, $"started pid {pid.ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task StopContainerAsync(ItemRun run, ServerConfRow row, NodeRow node)
    {
        var removed = await RemoveContainerAsync(run, row, node);
        await SetStateAsync(row, PresentStates.Inactive, 0, run.Caller);
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
    private Task SetStateAsync(ServerConfRow row, string presentState, int processId, string changedBy) =>
        stateWriter.WriteAsync(row, presentState, processId, settingState: presentState, changedBy);

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

    /// <summary>One item as it runs: its log so far, written to the row, the bus and the journal at every step.</summary>
    private sealed class ItemRun(ServiceLifecycle owner, ServerConfRow row, TaskItemRow item, Caller caller)
    {
        private readonly StringBuilder _log = new();

        public string Caller { get; } = caller.UserName;

        public async Task StepAsync(TaskItemStatus status, string line, DateTime? startTime = null, DateTime? endTime = null,
            LogSeverity severity = LogSeverity.Info)
        {
            _log.Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} {line}\n");
            item.Log = _log.ToString();
            item.Status = (int)status;
            await owner.RecordAsync(row, item, status, line, startTime, endTime, severity);
        }
    }
}
