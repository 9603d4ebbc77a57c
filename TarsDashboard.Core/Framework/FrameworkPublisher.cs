using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Publishes a package to instances on tarsnode-managed nodes as the Tars web platform does (PatchController upload,
/// then publish): the tgz goes to tarspatch's upload folder (<see cref="FrameworkOptions.PatchFolder"/>
/// <c>/App/Server/</c>), a <c>t_server_patchs</c> row names it with its md5, then one serial task of
/// <c>patch_tars</c> items (<c>patch_id</c>, <c>bak_flag</c>, <c>update_text</c>, <c>group_name</c>, <c>run_type</c>)
/// goes to tarsAdminRegistry, which stages it through tarspatch, has each tarsnode unpack it into bin/ and restarts
/// the instance (not a backup one). tarsAdminRegistry is asked first, so with the framework down nothing is stored.
/// </summary>
internal sealed class FrameworkPublisher
{
    private readonly FrameworkLifecycle lifecycle;
    private readonly AdminRegistryConnector connector;
    private readonly ServerPatchRepository patches;
    private readonly IOptions<FrameworkOptions> options;
    private readonly TimeProvider clock;

    internal FrameworkPublisher(
        FrameworkLifecycle lifecycle,
        AdminRegistryConnector connector,
        ServerPatchRepository patches,
        IOptions<FrameworkOptions> options,
        TimeProvider clock)
    {
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.connector = connector;
        this.patches = patches;
        this.options = options;
    }

    /// <param name="openPackage">Opens the package as uploaded (a .tgz, e.g. <c>HelloServer/HelloServer…</c>).</param>
    public Task<TaskRow> PublishAsync(Caller caller, IReadOnlyList<ServerConfRow> rows, Func<CancellationToken, Task<Stream>> openPackage,
        string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(openPackage);
        FrameworkLifecycle.CheckRows(rows);
        var services = rows.Select(r => $"{r.Application}.{r.ServerName}").Distinct(StringComparer.Ordinal).ToList();
        if (services.Count != 1)
        {
            throw new ValidationFailedException(new FieldError("Servers", "Framework.PublishOneService",
                $"A package is published to the instances of one service at a time, not to {string.Join(", ", services)}.", string.Join(", ", services)));
        }

        var folder = options.Value.PatchFolder.Trim();
        if (folder.Length == 0)
        {
            throw new ValidationFailedException(new FieldError("Package", "Framework.PatchFolderMissing",
                "Publishing to a tarsnode-managed node needs Framework:PatchFolder: the folder tarspatch reads uploaded packages from " +
                "(the web platform's pkgUploadPath, e.g. /usr/local/app/patchs/tars.upload)."));
        }

        var row = rows[0];
        var task = FrameworkTaskRequests.NewTask(caller.UserName, serial: true, clock);
        string? storedFile = null;
        var patchId = 0;
        return lifecycle.SendAsync(caller, "service.publish", task, rows, async token =>
        {
            var reachable = await connector.CheckAsync(token);
            if (!reachable.IsReachable)
            {
                throw new FrameworkUnreachableException(reachable.Problem ?? "tarsAdminRegistry did not answer");
            }

            var fileName = string.Create(CultureInfo.InvariantCulture,
                $"{row.Application}.{row.ServerName}_tdash_{clock.GetUtcNow().ToUnixTimeMilliseconds()}.tgz");
            var target = Path.Combine(folder, row.Application, row.ServerName);
            Directory.CreateDirectory(target);
            storedFile = Path.Combine(target, fileName);
            string md5;
            await using (var package = await openPackage(token))
            await using (var file = new FileStream(storedFile, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                await package.CopyToAsync(file, token);
                file.Position = 0;
                md5 = Convert.ToHexStringLower(await MD5.HashDataAsync(file, token));
            }

            patchId = await patches.InsertAsync(new ServerPatchRow
            {
                Server = $"{row.Application}.{row.ServerName}", Tgz = fileName, Md5 = md5, UpdateText = Truncate(comment, 255),
                UploadUser = Truncate(caller.UserName, 30), UploadTime = clock.GetLocalNow().DateTime,
            }, token);
            var id = patchId.ToString(CultureInfo.InvariantCulture);
            return FrameworkTaskRequests.Build(task, TaskCommand.Patch, rows, instance => new Dictionary<string, string>
            {
                [TaskCommand.PatchIdParameter] = id,
                [TaskCommand.BakFlagParameter] = (instance.BakFlag & 1).ToString(CultureInfo.InvariantCulture),
                [TaskCommand.UpdateTextParameter] = comment,
                [TaskCommand.GroupNameParameter] = "",
                ["run_type"] = instance.RunType ?? "",
            });
        }, async () =>
        {
            if (patchId > 0)
            {
                await patches.DeleteAsync(patchId, CancellationToken.None);
            }

            if (storedFile is not null)
            {
                File.Delete(storedFile);
            }
        }, cancellationToken);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
