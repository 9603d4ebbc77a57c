using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Service instances (<c>t_server_conf</c>) as each caller may see and change them: lists hold only what the
/// caller's grants reach, and reads or writes of any other application's rows are refused here, not only in pages.
/// </summary>
public sealed class ServiceCatalog(ServerConfRepository servers, TarsDatabase database, AccessControl access, Operations operations, LiveEventBus bus, TimeProvider clock)
{
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
                var changed = await database.ExecuteAsync(
                    $"UPDATE t_server_conf SET {string.Join(", ", Editable.Select(c => $"{c.Column} = @{c.Property}"))}, posttime = @Posttime, lastuser = @Lastuser " +
                    $"WHERE id = @Id AND {string.Join(" AND ", Editable.Select(c => $"({c.Column} = @Original{c.Property} OR ({c.Column} IS NULL AND @Original{c.Property} IS NULL))"))}",
                    Parameters(original, edited), cancellationToken);
                if (changed != 1)
                {
                    throw new ConcurrencyConflictException($"Service {original.ServiceId} on {original.NodeName}");
                }

                audit.Before = Describe(original);
                audit.After = Describe(edited);
                bus.Publish(new ServiceChanged(edited.Id, edited.Application, edited.ServerName, edited.NodeName, "updated", caller.UserName));
                return edited;
            }, cancellationToken);

    /// <summary>The settings an edit may change, as (column, property) pairs.</summary>
    private static readonly (string Column, string Property)[] Editable =
    [
        ("template_name", nameof(ServerConfRow.TemplateName)),
        ("server_type", nameof(ServerConfRow.ServerType)),
        ("enable_set", nameof(ServerConfRow.EnableSet)),
        ("set_name", nameof(ServerConfRow.SetName)),
        ("set_area", nameof(ServerConfRow.SetArea)),
        ("set_group", nameof(ServerConfRow.SetGroup)),
        ("async_thread_num", nameof(ServerConfRow.AsyncThreadNum)),
        ("bak_flag", nameof(ServerConfRow.BakFlag)),
        ("base_path", nameof(ServerConfRow.BasePath)),
        ("exe_path", nameof(ServerConfRow.ExePath)),
        ("start_script_path", nameof(ServerConfRow.StartScriptPath)),
        ("stop_script_path", nameof(ServerConfRow.StopScriptPath)),
        ("monitor_script_path", nameof(ServerConfRow.MonitorScriptPath)),
        ("profile", nameof(ServerConfRow.Profile)),
        ("run_type", nameof(ServerConfRow.RunType)),
        ("base_image_id", nameof(ServerConfRow.BaseImageId)),
    ];

    private static Dapper.DynamicParameters Parameters(ServerConfRow original, ServerConfRow edited)
    {
        var parameters = new Dapper.DynamicParameters(new { edited.Id, edited.Posttime, edited.Lastuser });
        foreach (var (_, property) in Editable)
        {
            var info = typeof(ServerConfRow).GetProperty(property)!;
            parameters.Add(property, info.GetValue(edited));
            parameters.Add("Original" + property, info.GetValue(original));
        }

        return parameters;
    }

    private static object Describe(ServerConfRow row) => new
    {
        row.TemplateName, row.ServerType, row.EnableSet, row.SetName, row.SetArea, row.SetGroup, row.AsyncThreadNum, row.BakFlag,
        row.BasePath, row.ExePath, row.StartScriptPath, row.StopScriptPath, row.MonitorScriptPath, row.Profile, row.RunType, row.BaseImageId,
    };
}
