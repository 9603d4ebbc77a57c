using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Service packages (.tgz as <c>make Server-tar</c> builds them: <c>Server/Server</c> and its files) for an App.Server:
/// checked (a gzip tar with relative paths and links that stay inside, something to copy, within the size limit), stored as
/// <c>&lt;DataFolder&gt;/packages/App.Server/id.tgz</c> with a <c>tdash_package</c> row, and published by restarting
/// instances with the package copied into their exe path as tarsnode copies it (see <see cref="ServicePackageRewriter"/>).
/// </summary>
public sealed class ServicePackageStore
{
    private readonly ServicePackageRepository _packages;
    private readonly ServerConfRepository _servers;
    private readonly TaskRepository _tasks;
    private readonly ServiceLifecycle _lifecycle;
    private readonly NodeOwnershipReader _ownership;
    private readonly FrameworkPublisher _frameworkPublisher;
    private readonly Operations _operations;
    private readonly AccessControl _access;
    private readonly ServicePackageOptions _options;
    private readonly string _root;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Task> _recording = new(StringComparer.Ordinal);

    internal ServicePackageStore(ServicePackageRepository packages, ServerConfRepository servers, TaskRepository tasks, ServiceLifecycle lifecycle,
        NodeOwnershipReader ownership, FrameworkPublisher frameworkPublisher, Operations operations, AccessControl access,
        IOptions<ServicePackageOptions> options, IOptions<DatabaseOptions> databaseOptions, IHostEnvironment environment,
        TimeProvider clock)
    {
        _clock = clock;
        _packages = packages;
        _servers = servers;
        _tasks = tasks;
        _lifecycle = lifecycle;
        _ownership = ownership;
        _frameworkPublisher = frameworkPublisher;
        _operations = operations;
        _access = access;
        _options = options.Value;
        var dataFolder = databaseOptions.Value.DataFolder;
        var folder = Path.IsPathRooted(dataFolder) ? dataFolder : Path.Combine(environment.ContentRootPath, dataFolder);
        _root = Path.Combine(folder, "packages");
    }

    public long MaxBytes => _options.MaxBytes;

    /// <summary>Checks and stores a package; the first one of a service becomes its default.</summary>
    /// <param name="expectedMd5">When given, the upload is refused unless its md5 matches.</param>
    public Task<ServicePackageRow> UploadAsync(Caller caller, string application, string serverName, string fileName, Stream content,
        string? comment = null, string? expectedMd5 = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        TarsNamesCheck(application, serverName);
        return _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(application, serverName), "package.upload",
            $"{application}.{serverName}", async audit =>
            {
                var folder = ServerFolder(application, serverName);
                Directory.CreateDirectory(folder);
                var temp = Path.Combine(folder, $".upload-{Guid.NewGuid():N}.tmp");
                try
                {
                    var (md5, size) = await CopyCappedAsync(content, temp, cancellationToken);
                    if (!string.IsNullOrWhiteSpace(expectedMd5) && !string.Equals(expectedMd5.Trim(), md5, StringComparison.OrdinalIgnoreCase))
                    {
                        throw Refused("Package.Md5Mismatch", $"The package's md5 is {md5}, not {expectedMd5.Trim()} as given.");
                    }

                    await CheckArchiveAsync(temp, cancellationToken);
                    var hasDefault = await _packages.HasDefaultAsync(application, serverName, cancellationToken);
                    var row = new ServicePackageRow
                    {
                        Application = application, ServerName = serverName, Comment = Truncate((comment ?? "").Trim(), 255), Md5 = md5, Size = size,
                        FileName = Truncate(Path.GetFileName(fileName ?? ""), 255), UploadedBy = Truncate(caller.UserName, 64),
                        UploadedAt = _clock.GetUtcNow().UtcDateTime, IsDefault = !hasDefault,
                    };
                    await _packages.InsertAsync(row, cancellationToken);
                    try
                    {
                        File.Move(temp, FilePath(row), overwrite: true);
                    }
                    catch
                    {
                        await _packages.DeleteAsync(row.Id, CancellationToken.None);
                        throw;
                    }

                    audit.Detail = $"package #{row.Id} md5 {md5} ({size.ToString(CultureInfo.InvariantCulture)} bytes)";
                    return row;
                }
                finally
                {
                    TryDelete(temp);
                }
            }, cancellationToken);
    }

    /// <summary>The packages of App.Server, newest first; <see cref="AccessDeniedException"/> when the caller may not see that service.</summary>
    public async Task<IReadOnlyList<ServicePackageRow>> ListAsync(Caller caller, string application, string serverName,
        CancellationToken cancellationToken = default)
    {
        await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, serverName), cancellationToken);
        return await _packages.ListAsync(application, serverName, cancellationToken);
    }

    /// <summary>One package, or null; <see cref="AccessDeniedException"/> when the caller may not see its service.</summary>
    public async Task<ServicePackageRow?> GetAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var row = await _packages.GetAsync(id, cancellationToken);
        if (row is not null)
        {
            await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(row.Application, row.ServerName), cancellationToken);
        }

        return row;
    }

    /// <summary>Makes this package the one its service is published with by default.</summary>
    public async Task SetDefaultAsync(Caller caller, int packageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await _packages.GetAsync(packageId, cancellationToken) ?? throw NotFound(packageId);
        await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(row.Application, row.ServerName), "package.default",
            $"{row.Application}.{row.ServerName}", async audit =>
            {
                await _packages.SetDefaultAsync(row, cancellationToken);
                audit.Detail = $"package #{row.Id} md5 {row.Md5}";
            }, cancellationToken);
    }

    /// <summary>Deletes a package and its file; the default package is refused (make another one the default first).</summary>
    public async Task DeleteAsync(Caller caller, int packageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await _packages.GetAsync(packageId, cancellationToken) ?? throw NotFound(packageId);
        await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(row.Application, row.ServerName), "package.delete",
            $"{row.Application}.{row.ServerName}", async audit =>
            {
                if (row.IsDefault)
                {
                    throw Refused("Package.DeleteDefault", "The default package cannot be deleted; make another package the default first.");
                }

                await _packages.DeleteAsync(row.Id, cancellationToken);
                TryDelete(FilePath(row));
                audit.Detail = $"package #{row.Id} md5 {row.Md5}";
            }, cancellationToken);
    }

    /// <summary>Opens the stored .tgz.</summary>
    public Stream Open(ServicePackageRow package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return new FileStream(FilePath(package), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
    }

    /// <summary>
    /// Restarts the instances (all of the package's App.Server) with the package copied into their exe path, as a
    /// restart task; each instance that comes up gets <c>patch_version</c>, <c>patch_time</c> and <c>patch_user</c> set.
    /// </summary>
    public async Task<TaskRow> PublishAsync(Caller caller, int packageId, IReadOnlyList<int> serverIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(serverIds);
        var package = await _packages.GetAsync(packageId, cancellationToken) ?? throw NotFound(packageId);
        var rows = await ServiceLifecycle.ReadInstancesAsync(_servers, serverIds, cancellationToken);
        if (rows.FirstOrDefault(r => r.Application != package.Application || r.ServerName != package.ServerName) is { } other)
        {
            throw Refused("Package.WrongService",
                $"Package #{package.Id} is for {package.Application}.{package.ServerName}, not {other.Application}.{other.ServerName}.");
        }

        // A tarsnode's instances get the package as the Tars web platform sends it (tarspatch, then tarsnode unpacks and
        // restarts, and records patch_version itself); the dashboard's own restart copies it into the container's folder.
        var delegated = await OwnedByTarsnodeAsync(rows, cancellationToken);
        var task = delegated
            ? await _frameworkPublisher.PublishAsync(caller, rows, _ => Task.FromResult(Open(package)),
                string.IsNullOrWhiteSpace(package.Comment) ? package.FileName : package.Comment, cancellationToken)
            : await _lifecycle.RestartAsync(caller, [.. rows.Select(r => r.Id)], package: (_, _) => Task.FromResult(Open(package)),
                cancellationToken: cancellationToken);
        await _packages.InsertPublishesAsync(package.Id, package.Application, package.ServerName, [.. rows.Select(r => r.NodeName)], task.TaskNo,
            Truncate(caller.UserName, 64), _clock.GetUtcNow().UtcDateTime, CancellationToken.None);

        var record = Task.Run(() => RecordOutcomeAsync(task.TaskNo, package, caller, writePatchVersion: !delegated));
        _recording[task.TaskNo] = record;
        _ = record.ContinueWith(_ => _recording.TryRemove(task.TaskNo, out var _), TaskScheduler.Default);
        return task;
    }

    /// <summary>Completes when the publish task has finished and its outcome is recorded.</summary>
    public async Task WaitAsync(string taskNo)
    {
        await _lifecycle.WaitAsync(taskNo);
        if (_recording.TryGetValue(taskNo, out var recording))
        {
            await recording;
        }
    }

    /// <summary>Publishes of this App.Server, newest first.</summary>
    public async Task<IReadOnlyList<PackagePublishRow>> ListPublishHistoryAsync(Caller caller, string application, string serverName, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, serverName), cancellationToken);
        return await _packages.ListPublishesAsync(application, serverName, limit, cancellationToken);
    }

    /// <summary>The value written to <c>t_server_conf.patch_version</c> for a package.</summary>
    public static string PatchVersion(ServicePackageRow package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return $"{package.Id.ToString(CultureInfo.InvariantCulture)}:{package.Md5}";
    }

    // True when a tarsnode owns every instance; a mix is refused by the lifecycle (one task is never half ours).
    private async Task<bool> OwnedByTarsnodeAsync(IReadOnlyList<ServerConfRow> rows, CancellationToken cancellationToken) =>
        NodeOwnershipReader.AllTarsnodes(await _ownership.ForNodesAsync(rows.Select(r => r.NodeName), cancellationToken)) == true;

    private async Task RecordOutcomeAsync(string taskNo, ServicePackageRow package, Caller caller, bool writePatchVersion)
    {
        await _lifecycle.WaitAsync(taskNo);
        var items = await _tasks.ListItemsAsync(taskNo);
        foreach (var item in items)
        {
            var success = item.Status == (int)TaskItemStatus.Success;
            if (success && writePatchVersion)
            {
                await _servers.SetPatchAsync(item.Application ?? "", item.ServerName ?? "", item.NodeName ?? "", PatchVersion(package), Truncate(caller.UserName, 128));
            }

            await _packages.SetPublishResultAsync(taskNo, item.NodeName ?? "", success ? "success" : "failed");
        }
    }

    private async Task<(string Md5, long Size)> CopyCappedAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long size = 0;
        var buffer = new byte[81920];
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > _options.MaxBytes)
                {
                    throw Refused("Package.TooLarge",
                        $"The package is larger than {(_options.MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB.");
                }

                md5.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (size == 0)
        {
            throw Refused("Package.Empty", "The package is empty.");
        }

        return (Convert.ToHexStringLower(md5.GetHashAndReset()), size);
    }

    // A gzip-compressed tar that tarsnode's rule accepts: paths and links inside, something to copy.
    private static async Task CheckArchiveAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var magic = new byte[2];
        if (await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
        {
            throw Refused("Package.NotGzip", "The package is not a gzip-compressed tar (.tgz).");
        }

        file.Position = 0;
        try
        {
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await ServicePackageRewriter.ReadAsync(gzip, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            throw Refused("Package.NotTar", $"The package is not a readable gzip-compressed tar: {exception.Message}");
        }
    }

    private static void TarsNamesCheck(string application, string serverName)
    {
        foreach (var name in new[] { application, serverName })
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            {
                throw Refused("Package.Service", $"\"{name}\" is not a valid application or server name.");
            }
        }
    }

    private string ServerFolder(string application, string serverName) => Path.Combine(_root, $"{application}.{serverName}");

    private string FilePath(ServicePackageRow row) =>
        Path.Combine(ServerFolder(row.Application, row.ServerName), $"{row.Id.ToString(CultureInfo.InvariantCulture)}.tgz");

    private static ValidationFailedException Refused(string code, string message) => new(new FieldError("Package", code, message));

    private static ValidationFailedException NotFound(int id) =>
        new(new FieldError("Package", "Package.NotFound", $"No such package #{id.ToString(CultureInfo.InvariantCulture)}.", id));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
