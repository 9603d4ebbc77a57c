using System.Collections.Concurrent;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Start, stop and restart of instances on tarsnode-managed nodes, done as the Tars web platform does them: one
/// <c>addTaskReq</c> to tarsAdminRegistry, then its progress followed (<see cref="FrameworkTaskFollower"/>). The
/// dashboard writes no <c>t_task</c> row and no state of its own for these: tarsAdminRegistry writes
/// <c>setting_state</c> and (for publishes) the task rows, tarsnode reports <c>present_state</c> and <c>process_id</c>.
/// Every change is grant-checked and audited per service through <see cref="Operations"/>; the audit rows say "ok"
/// only when tarsAdminRegistry accepted the task.
/// </summary>
public sealed class FrameworkLifecycle(AdminRegistryConnector connector, FrameworkTaskFollower follower, DelegatedTaskHistory history,
    Operations operations, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public Task<TaskRow> StartAsync(Caller caller, IReadOnlyList<ServerConfRow> rows, bool serial = false, CancellationToken cancellationToken = default) =>
        RunAsync(caller, TaskCommand.Start, rows, serial, cancellationToken);

    public Task<TaskRow> StopAsync(Caller caller, IReadOnlyList<ServerConfRow> rows, bool serial = false, CancellationToken cancellationToken = default) =>
        RunAsync(caller, TaskCommand.Stop, rows, serial, cancellationToken);

    public Task<TaskRow> RestartAsync(Caller caller, IReadOnlyList<ServerConfRow> rows, bool serial = false, CancellationToken cancellationToken = default) =>
        RunAsync(caller, TaskCommand.Restart, rows, serial, cancellationToken);

    /// <summary>
    /// Sends <paramref name="command"/> (start, stop or restart) for the instances as one task and returns at once with
    /// its number (the <see cref="TaskRow"/> is not stored: <see cref="TaskRow.Id"/> stays 0); progress follows on the
    /// live bus. Throws <see cref="FrameworkUnreachableException"/> when tarsAdminRegistry cannot be reached (nothing
    /// was sent or written), <see cref="ValidationFailedException"/> when it refuses, <see cref="AccessDeniedException"/>.
    /// </summary>
    public Task<TaskRow> RunAsync(Caller caller, string command, IReadOnlyList<ServerConfRow> rows, bool serial = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (command is not (TaskCommand.Start or TaskCommand.Stop or TaskCommand.Restart or TaskCommand.Undeploy))
        {
            throw new ValidationFailedException(new FieldError("Command", "Framework.Command",
                $"'{command}' is not a command the dashboard sends to tarsAdminRegistry (start, stop, restart, undeploy_tars).", command));
        }

        var task = FrameworkTaskRequests.NewTask(caller.UserName, serial, clock);
        var request = FrameworkTaskRequests.Build(task, command, CheckRows(rows));
        var action = command == TaskCommand.Undeploy ? "service.undeploy" : $"service.{command}";
        return SendAsync(caller, action, task, rows, _ => Task.FromResult(request), null, cancellationToken);
    }

    /// <summary>Completes when the task's items have all ended (at once when it is not followed in this process).</summary>
    public Task WaitAsync(string taskNo) => _running.TryGetValue(taskNo, out var running) ? running : Task.CompletedTask;

    /// <summary>
    /// The one way a delegated task leaves: grant check and audit per service (nested, so each audit row carries the
    /// outcome of the send), then <paramref name="prepare"/> (which builds the request; a publish stores its package
    /// first), then <c>addTaskReq</c>, then the progress is followed. When the send fails after a successful prepare,
    /// <paramref name="undo"/> takes back what prepare wrote, so nothing is left half-written.
    /// </summary>
    internal async Task<TaskRow> SendAsync(Caller caller, string action, TaskRow task, IReadOnlyList<ServerConfRow> rows,
        Func<CancellationToken, Task<TaskReq>> prepare, Func<Task>? undo, CancellationToken cancellationToken)
    {
        var services = rows.GroupBy(r => (r.Application, r.ServerName)).ToList();
        AdminRegistryClient? accepted = null;
        TaskReq? request = null;
        await AuditedAsync(caller, action, services, 0, $"task {task.TaskNo} via tarsAdminRegistry", async () =>
        {
            try
            {
                // Inside the try: a prepare that fails half-way (a package partly copied) is taken back too.
                request = await prepare(cancellationToken);
                accepted = await connector.CallAsync(async client =>
                {
                    var ret = await client.AddTaskReqAsync(request, cancellationToken);
                    if (ret != TarsErrCode.Success)
                    {
                        throw new ValidationFailedException(new FieldError("Servers", "Framework.TaskRejected",
                            $"tarsAdminRegistry did not accept the task (addTaskReq returned {ret}).", ret));
                    }

                    return client;
                }, cancellationToken);
            }
            catch (Exception exception) when (undo is not null && exception is not FrameworkUnreachableException { RequestMayHaveRun: true })
            {
                // A task that may have been accepted keeps what it needs (its package); anything else is taken back.
                await undo();
                throw;
            }
        }, cancellationToken);

        history.Begin(task);
        var run = follower.Follow(accepted!, request!, rows, _stopping.Token);
        _running[task.TaskNo] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(task.TaskNo, out var _), TaskScheduler.Default);
        return task;
    }

    internal static IReadOnlyList<ServerConfRow> CheckRows(IReadOnlyList<ServerConfRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ValidationFailedException(new FieldError("Servers", "Service.Task.Empty", "Choose at least one service instance."));
        }

        return rows;
    }

    private Task AuditedAsync(Caller caller, string action, IReadOnlyList<IGrouping<(string Application, string ServerName), ServerConfRow>> services,
        int index, string detail, Func<Task> send, CancellationToken cancellationToken)
    {
        if (index == services.Count)
        {
            return send();
        }

        var service = services[index];
        return operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(service.Key.Application, service.Key.ServerName),
            action, $"{service.Key.Application}.{service.Key.ServerName} on {string.Join(", ", service.Select(r => r.NodeName))}", async audit =>
            {
                await AuditedAsync(caller, action, services, index + 1, detail, send, cancellationToken);
                // Only on success: on failure the audit row takes the exception's message instead.
                audit.Detail = detail;
            }, cancellationToken);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
