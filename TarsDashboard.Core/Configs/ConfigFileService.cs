using System.Globalization;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Configs;

/// <summary>
/// Service config files as the Tars web platform keeps them in db_tars (<c>t_config_files</c>, one history row per change,
/// <c>t_config_references</c>), for a caller: seeing a file needs <see cref="Permission.ViewService"/> on its service (its
/// application for level-1 files), changing it <see cref="Permission.OperateService"/>, the permission of a service's edits.
/// Every change is audited. Texts are stored as given, byte for byte: a restore writes a new version whose text is exactly
/// the old one (line endings, tabs and trailing spaces included).
/// </summary>
public sealed class ConfigFileService
{
    public const int MaxReasonLength = 128;

    private readonly ConfigFileRepository files;
    private readonly ServerConfRepository servers;
    private readonly ConfigFilePusher pusher;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly TimeProvider clock;

    internal ConfigFileService(ConfigFileRepository files, ServerConfRepository servers, ConfigFilePusher pusher, AccessControl access,
        Operations operations, TimeProvider clock)
    {
        this.files = files;
        this.servers = servers;
        this.pusher = pusher;
        this.access = access;
        this.operations = operations;
        this.clock = clock;
    }

    /// <summary>The files of a scope by name; a node scope with no host lists the node files of every node of the service.</summary>
    public async Task<IReadOnlyList<ConfigFileRow>> ListAsync(Caller caller, ConfigScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await access.DemandAsync(caller, Permission.ViewService, Target(scope), cancellationToken);
        return await files.ListAsync(scope with { Application = scope.Application.Trim(), Server = scope.Server.Trim(), Host = scope.Host.Trim() },
            cancellationToken);
    }

    /// <summary>True when the caller may change the files of the scope (the page hides its edit buttons otherwise).</summary>
    public Task<bool> MayEditAsync(Caller caller, ConfigScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return access.IsAllowedAsync(caller, Permission.OperateService, Target(scope), cancellationToken);
    }

    /// <summary>True when the caller may see the scope's files (application files need a grant on the whole application).</summary>
    public Task<bool> MayViewAsync(Caller caller, ConfigScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return access.IsAllowedAsync(caller, Permission.ViewService, Target(scope), cancellationToken);
    }

    public async Task<ConfigFileRow?> GetAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var row = await files.GetAsync(id, cancellationToken);
        if (row is not null)
        {
            await access.DemandAsync(caller, Permission.ViewService, Target(row.Scope), cancellationToken);
        }

        return row;
    }

    /// <summary>Adds a file to a scope with its first version ("add config"); a name the scope already has is a field error.</summary>
    public async Task<ConfigFileRow> CreateAsync(Caller caller, ConfigScope scope, string filename, string content,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        var (name, nameError) = ConfigFileNames.Check(filename);
        var errors = CheckScope(scope);
        if (nameError is not null)
        {
            errors.Add(nameError);
        }

        scope = Trimmed(scope);
        return await operations.RunAsync(caller, Permission.OperateService, Target(scope), "config.create", $"{scope}/{name}", async audit =>
        {
            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            if (await files.FindAsync(scope, name, cancellationToken) is not null)
            {
                throw Duplicate(scope, name);
            }

            var row = new ConfigFileRow
            {
                ServerName = scope.ServerName, SetName = scope.SetName, SetArea = scope.SetArea, SetGroup = scope.SetGroup, Host = scope.Host,
                Filename = name, Config = content ?? "", Posttime = Now(), Lastuser = UserOf(caller), Level = (int)scope.Level,
            };
            try
            {
                await files.InsertAsync(row, "add config", cancellationToken);
            }
            catch (Exception exception) when (files.IsUniqueViolation(exception))
            {
                // Added by someone else between the look and the insert (or differing only by the database's collation).
                throw Duplicate(scope, name);
            }

            audit.After = Audited(row);
            return row;
        }, cancellationToken);
    }

    /// <summary>
    /// Saves a new text with its reason (required, as in the web platform) and writes the history row with the new text.
    /// <paramref name="expectedText"/> is the text the editor was opened on: when the stored one differs, nothing is written
    /// (<see cref="ConcurrencyConflictException"/>).
    /// </summary>
    /// <returns>The new version's history id.</returns>
    public Task<int> UpdateAsync(Caller caller, int id, string content, string reason, string? expectedText,
        CancellationToken cancellationToken = default) =>
        WriteVersionAsync(caller, id, content ?? "", reason, expectedText, "config.edit", null, cancellationToken);

    /// <summary>Makes an old version the current one: a new version whose text is the old version's, byte for byte.</summary>
    /// <returns>The new version's history id.</returns>
    public async Task<int> RestoreAsync(Caller caller, int id, int historyId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var version = await files.GetHistoryAsync(historyId, cancellationToken);
        if (version is null || version.ConfigId != id)
        {
            throw new ValidationFailedException(new FieldError("Version", "Config.Version.NotFound",
                $"Version #{historyId.ToString(CultureInfo.InvariantCulture)} is not a version of this file.", historyId));
        }

        var why = string.IsNullOrWhiteSpace(reason) ? $"restore version #{historyId.ToString(CultureInfo.InvariantCulture)}" : reason;
        return await WriteVersionAsync(caller, id, version.Content ?? "", why, expectedText: null, "config.restore", historyId, cancellationToken);
    }

    private async Task<int> WriteVersionAsync(Caller caller, int id, string content, string reason, string? expectedText, string action,
        int? restoredFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await files.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        return await operations.RunAsync(caller, Permission.OperateService, Target(row.Scope), action, $"{row.Scope}/{row.Filename}", async audit =>
        {
            var why = (reason ?? "").Trim();
            if (why.Length == 0)
            {
                throw new ValidationFailedException(new FieldError("Reason", "Config.Reason.Required", "Say why the file changes."));
            }

            if (why.Length > MaxReasonLength)
            {
                throw new ValidationFailedException(new FieldError("Reason", "Config.Reason.TooLong",
                    $"The reason is longer than {MaxReasonLength} characters.", MaxReasonLength));
            }

            var before = row.Config ?? "";
            row.Config = content;
            row.Posttime = Now();
            row.Lastuser = UserOf(caller);
            var (written, historyId) = await files.UpdateAsync(row, expectedText, why, cancellationToken);
            if (!written)
            {
                throw new ConcurrencyConflictException($"Config file {row.Filename}");
            }

            var diff = ConfigDiff.Build(before, content);
            audit.Detail = $"version #{historyId.ToString(CultureInfo.InvariantCulture)}" +
                           (restoredFrom is { } from ? $" = version #{from.ToString(CultureInfo.InvariantCulture)}" : "") +
                           $": +{diff.Inserted} -{diff.Deleted} ~{diff.Modified} lines; {why}";
            return historyId;
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes a file (the page confirms first); its history stays. Refused while another file references it. Deleting a
    /// service-level file deletes the node-level files of the same name too, as the web platform does.
    /// </summary>
    public async Task DeleteAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await files.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        await operations.RunAsync(caller, Permission.OperateService, Target(row.Scope), "config.delete", $"{row.Scope}/{row.Filename}", async audit =>
        {
            var referrers = await files.ListReferrersAsync(id, cancellationToken);
            if (referrers.Count > 0)
            {
                throw new ValidationFailedException(new FieldError("File", "Config.Delete.Referenced",
                    $"{row.Filename} is referenced by {referrers.Count} other file(s); remove those references first.", row.Filename ?? "", referrers.Count));
            }

            var ids = new List<int> { id };
            if (row.Level == (int)ConfigLevel.Server)
            {
                var scope = row.Scope;
                var nodeFiles = await files.ListAsync(new ConfigScope(ConfigScopeKind.Node, scope.Application, scope.Server, "", row.SetName,
                    row.SetArea, row.SetGroup), cancellationToken);
                ids.AddRange(nodeFiles.Where(f => string.Equals(f.Filename, row.Filename, StringComparison.Ordinal)).Select(f => f.Id));
            }

            await files.DeleteAsync(ids, cancellationToken);
            audit.Before = Audited(row);
            audit.Detail = ids.Count > 1 ? $"with {ids.Count - 1} node file(s)" : null;
        }, cancellationToken);
    }

    public async Task<ConfigHistoryPage> ListHistoryAsync(Caller caller, int id, int offset = 0, int limit = 50,
        CancellationToken cancellationToken = default)
    {
        _ = await GetAsync(caller, id, cancellationToken) ?? throw NotFound(id);
        var (rows, total) = await files.ListHistoryAsync(id, Math.Max(0, offset), Math.Clamp(limit, 1, 500), cancellationToken);
        return new ConfigHistoryPage(rows, total);
    }

    /// <summary>One version of one file, or null when it is not there.</summary>
    public async Task<ConfigHistoryRow?> GetVersionAsync(Caller caller, int historyId, CancellationToken cancellationToken = default)
    {
        var version = await files.GetHistoryAsync(historyId, cancellationToken);
        if (version?.ConfigId is not { } configId)
        {
            return null;
        }

        var row = await files.GetAsync(configId, cancellationToken);
        if (row is null)
        {
            // The file is gone; its versions are kept but not shown (their scope is unknown).
            return null;
        }

        await access.DemandAsync(caller, Permission.ViewService, Target(row.Scope), cancellationToken);
        return version;
    }

    /// <summary>The files <paramref name="id"/> references, in the order they are merged.</summary>
    public async Task<IReadOnlyList<ConfigReference>> ListReferencesAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        _ = await GetAsync(caller, id, cancellationToken) ?? throw NotFound(id);
        return await files.ListReferencesAsync(id, cancellationToken);
    }

    /// <summary>The application-level files of the file's application that it could reference (not yet referenced).</summary>
    public async Task<IReadOnlyList<ConfigFileRow>> ListReferenceCandidatesAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var row = await GetAsync(caller, id, cancellationToken) ?? throw NotFound(id);
        var application = row.Scope.Application;
        if (!await access.IsAllowedAsync(caller, Permission.ViewService, AccessTarget.App(application), cancellationToken))
        {
            return [];
        }

        var taken = (await files.ListReferencesAsync(id, cancellationToken)).Select(r => r.File.Id).ToHashSet();
        return [.. (await files.ListAsync(ConfigScope.ForApplication(application), cancellationToken)).Where(f => !taken.Contains(f.Id))];
    }

    /// <summary>
    /// Makes a service- or node-level file include an application-level file of the same application before its own text.
    /// The caller needs to change the file and to see the application's files.
    /// </summary>
    public async Task AddReferenceAsync(Caller caller, int id, int referenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await files.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        var reference = await files.GetAsync(referenceId, cancellationToken);
        await operations.RunAsync(caller, Permission.OperateService, Target(row.Scope), "config.reference.add", $"{row.Scope}/{row.Filename}", async audit =>
        {
            if (row.Level == (int)ConfigLevel.Application)
            {
                throw new ValidationFailedException(new FieldError("Reference", "Config.Reference.FromApplication",
                    "Application-level files are what is referenced; they reference nothing themselves."));
            }

            if (reference is null || reference.Level != (int)ConfigLevel.Application || reference.Scope.Application != row.Scope.Application)
            {
                throw new ValidationFailedException(new FieldError("Reference", "Config.Reference.NotApplicationFile",
                    "Only an application-level file of the same application can be referenced."));
            }

            await access.DemandAsync(caller, Permission.ViewService, AccessTarget.App(row.Scope.Application), cancellationToken);
            try
            {
                await files.InsertReferenceAsync(id, referenceId, cancellationToken);
            }
            catch (Exception exception) when (files.IsUniqueViolation(exception))
            {
                throw new ValidationFailedException(new FieldError("Reference", "Config.Reference.Duplicate",
                    $"{row.Filename} already references {reference.Filename}.", row.Filename ?? "", reference.Filename ?? ""));
            }

            audit.Detail = $"references {reference.Scope}/{reference.Filename} (#{referenceId.ToString(CultureInfo.InvariantCulture)})";
        }, cancellationToken);
    }

    public async Task RemoveReferenceAsync(Caller caller, int id, int referenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await files.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        await operations.RunAsync(caller, Permission.OperateService, Target(row.Scope), "config.reference.remove", $"{row.Scope}/{row.Filename}",
            async audit =>
            {
                await files.DeleteReferenceAsync(id, referenceId, cancellationToken);
                audit.Detail = $"no longer references #{referenceId.ToString(CultureInfo.InvariantCulture)}";
            }, cancellationToken);
    }

    /// <summary>The text an instance of App.Server on <paramref name="nodeName"/> gets for the file, as tarsconfig merges it.</summary>
    public async Task<string> GetMergedTextAsync(Caller caller, string application, string serverName, string nodeName, string filename,
        CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, serverName), cancellationToken);
        return await MergedTextAsync(application, serverName, nodeName, filename, cancellationToken);
    }

    internal async Task<string> MergedTextAsync(string application, string serverName, string nodeName, string filename,
        CancellationToken cancellationToken)
    {
        // tarsconfig's loadConfigByHost: the set-less service file and the node's file (set columns empty).
        var serverFile = await files.FindAsync(ConfigScope.ForServer(application, serverName), filename, cancellationToken);
        var nodeFile = await files.FindAsync(ConfigScope.ForNode(application, serverName, nodeName), filename, cancellationToken);
        var serverReferences = serverFile is null ? [] : await files.ListReferencesAsync(serverFile.Id, cancellationToken);
        var nodeReferences = nodeFile is null ? [] : await files.ListReferencesAsync(nodeFile.Id, cancellationToken);
        return ConfigMerge.Merge(serverReferences.Select(r => r.File.Config), serverFile?.Config, nodeReferences.Select(r => r.File.Config),
            nodeFile?.Config);
    }

    /// <summary>
    /// Sends the file to the service's instances on <paramref name="nodeNames"/> (every instance when empty): on an
    /// engine-managed node the merged text is written into the service's folder through the engine, on a tarsnode's node
    /// the framework is asked to notify the service (<c>tars.loadconfig &lt;file&gt;</c>). One result per node; audited.
    /// </summary>
    public async Task<IReadOnlyList<ConfigPushResult>> PushAsync(Caller caller, string application, string serverName, string filename,
        IReadOnlyCollection<string> nodeNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(nodeNames);
        var (name, nameError) = ConfigFileNames.Check(filename);
        return await operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(application, serverName), "config.push",
            $"{application}.{serverName}/{name}", async audit =>
            {
                if (nameError is not null)
                {
                    throw new ValidationFailedException(nameError);
                }

                var instances = await servers.ListForServiceAsync(application, serverName, cancellationToken);
                var wanted = nodeNames.Count == 0 ? instances.Select(i => i.NodeName).ToList() : nodeNames.Distinct(StringComparer.Ordinal).ToList();
                var results = new List<ConfigPushResult>();
                foreach (var node in wanted)
                {
                    var instance = instances.FirstOrDefault(i => string.Equals(i.NodeName, node, StringComparison.Ordinal));
                    if (instance is null)
                    {
                        results.Add(new ConfigPushResult(node, ConfigPushOutcome.Refused, $"{application}.{serverName} has no instance on {node}."));
                        continue;
                    }

                    var text = await MergedTextAsync(application, serverName, node, name, cancellationToken);
                    results.Add(await pusher.PushAsync(instance, name, text, cancellationToken));
                }

                audit.Detail = string.Join("; ", results.Select(r => $"{r.NodeName}: {r.Outcome} {r.Message}"));
                return results;
            }, cancellationToken);
    }

    private static List<FieldError> CheckScope(ConfigScope scope)
    {
        var errors = new List<FieldError>();
        void Need(string field, string value, int max, string what)
        {
            var trimmed = value.Trim();
            if (trimmed.Length == 0)
            {
                errors.Add(new FieldError(field, "Config.Scope.Required", $"Enter the {what}.", what));
            }
            else if (trimmed.Length > max)
            {
                errors.Add(new FieldError(field, "Config.Scope.TooLong", $"The {what} is longer than {max} characters.", what, max));
            }
        }

        Need("Application", scope.Application, 128, "application");
        if (scope.Kind is ConfigScopeKind.Server or ConfigScopeKind.Node)
        {
            Need("Server", scope.Server, 127 - scope.Application.Trim().Length, "server");
        }

        if (scope.Kind == ConfigScopeKind.Node)
        {
            Need("Host", scope.Host, 50, "node");
        }

        if (scope.Kind == ConfigScopeKind.Set)
        {
            Need("SetName", scope.SetName, 16, "SET name");
            Need("SetArea", scope.SetArea, 16, "SET area");
            Need("SetGroup", scope.SetGroup, 16, "SET group");
        }

        return errors;
    }

    private static ConfigScope Trimmed(ConfigScope scope) => scope with
    {
        Application = scope.Application.Trim(), Server = scope.Server.Trim(), Host = scope.Host.Trim(),
        SetName = scope.SetName.Trim(), SetArea = scope.SetArea.Trim(), SetGroup = scope.SetGroup.Trim(),
    };

    private static AccessTarget Target(ConfigScope scope) => scope.Level == ConfigLevel.Application
        ? AccessTarget.App(scope.Application)
        : AccessTarget.Service(scope.Application, scope.Server);

    private static ValidationFailedException Duplicate(ConfigScope scope, string name) =>
        new(new FieldError("Filename", "Config.Filename.Duplicate", $"{scope} already has a file named {name}.", scope.ToString(), name));

    private static ValidationFailedException NotFound(int id) =>
        new(new FieldError("File", "Config.File.NotFound", $"Config file #{id.ToString(CultureInfo.InvariantCulture)} does not exist.", id));

    private static object Audited(ConfigFileRow row) => new { row.Id, row.ServerName, row.Level, row.Host, row.SetName, row.Filename };

    private DateTime Now()
    {
        // datetime has whole seconds in db_tars; the same value then reads back the same on both databases.
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    private static string UserOf(Caller caller) => caller.UserName.Length <= 50 ? caller.UserName : caller.UserName[..50];
}
