using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Service instances (<c>t_server_conf</c>) as each caller may see and change them: lists hold only what the
/// caller's grants reach, and reads or writes of any other application's rows are refused here, not only in pages.
/// </summary>
public sealed class ServiceCatalog
{
    private readonly ServerConfRepository servers;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal ServiceCatalog(
        ServerConfRepository servers,
        AccessControl access,
        Operations operations,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.clock = clock;
        this.servers = servers;
        this.access = access;
        this.operations = operations;
        this.bus = bus;
    }

    public async Task<IReadOnlyList<ServerConfRow>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var visible = await access.ServiceFilterAsync(caller, Permission.ViewService, cancellationToken);
        return (await servers.ListAsync(cancellationToken)).Where(r => visible(r.Application, r.ServerName)).ToList();
    }

    /// <summary>One instance, or null when it does not exist; <see cref="AccessDeniedException"/> when the caller may not see it.</summary>
    public async Task<ServerConfRow?> GetAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var row = await servers.GetAsync(id, cancellationToken);
        if (row is not null)
        {
            await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(row.Application, row.ServerName), cancellationToken);
        }

        return row;
    }

    /// <summary>
    /// The instances of these ids the caller may see, read in one query with one grant load (for pages that follow
    /// many rows live); ids that are gone or out of the caller's grants are left out.
    /// </summary>
    public async Task<IReadOnlyList<ServerConfRow>> ListByIdsAsync(Caller caller, IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var visible = await access.ServiceFilterAsync(caller, Permission.ViewService, cancellationToken);
        return [.. (await servers.ListByIdsAsync(ids, cancellationToken)).Where(r => visible(r.Application, r.ServerName))];
    }

    /// <summary>Every instance of one App.Server; <see cref="AccessDeniedException"/> when the caller may not see that service.</summary>
    public async Task<IReadOnlyList<ServerConfRow>> ListServiceAsync(Caller caller, string application, string serverName,
        CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, serverName), cancellationToken);
        return await servers.ListForServiceAsync(application, serverName, cancellationToken);
    }

    /// <summary>
    /// Saves the editable settings of <paramref name="edited"/>, refused when the row changed since
    /// <paramref name="original"/> was read (every editable column is compared, so nothing is overwritten silently).
    /// </summary>
    public Task<ServerConfRow> UpdateAsync(Caller caller, ServerConfRow original, ServerConfRow edited, CancellationToken cancellationToken = default) =>
        UpdateAsync(caller, original, () => Task.FromResult(edited), cancellationToken);

    /// <summary>
    /// As <see cref="UpdateAsync(Caller, ServerConfRow, ServerConfRow, CancellationToken)"/>, with the edited row made by
    /// <paramref name="edit"/> after the grant check, so its validation (a <see cref="ValidationFailedException"/>) is
    /// audited as refused in the same entry, and a caller without the grant learns nothing from validation messages.
    /// </summary>
    public Task<ServerConfRow> UpdateAsync(Caller caller, ServerConfRow original, Func<Task<ServerConfRow>> edit,
        CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(original.Application, original.ServerName),
            "service.update", $"{original.ServiceId}@{original.NodeName}", async audit =>
            {
                var edited = await edit();
                if (edited.Id != original.Id || edited.Application != original.Application || edited.ServerName != original.ServerName
                    || edited.NodeName != original.NodeName)
                {
                    // The key moves the row to another service (and maybe another grant): that is a new deployment, not an edit.
                    throw new ValidationFailedException(new FieldError("ServerName", "Service.KeyChanged", "Application, server and node cannot be changed here."));
                }

                edited.Posttime = clock.GetUtcNow().UtcDateTime;
                edited.Lastuser = caller.UserName.Length <= 30 ? caller.UserName : caller.UserName[..30];
                if (!await servers.UpdateIfUnchangedAsync(original, edited, cancellationToken))
                {
                    throw new ConcurrencyConflictException($"Service {original.ServiceId} on {original.NodeName}");
                }

                audit.Before = Describe(original);
                audit.After = Describe(edited);
                bus.Publish(new ServiceChanged(edited.Id, edited.Application, edited.ServerName, edited.NodeName, "updated", caller.UserName));
                return edited;
            }, cancellationToken);

    private static object Describe(ServerConfRow row) => new
    {
        row.TemplateName, row.ServerType, row.EnableSet, row.SetName, row.SetArea, row.SetGroup, row.AsyncThreadNum, row.BakFlag,
        row.BasePath, row.ExePath, row.StartScriptPath, row.StopScriptPath, row.MonitorScriptPath, row.Profile, row.RunType, row.BaseImageId,
    };
}
