using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Releases;

/// <summary>
/// Releases of a service: a package (and image) rolled out in batches, each batch watched by health gates before the
/// next one starts; a failed gate stops the rollout and the instances it changed can be returned to what they ran
/// before. A rollback returns instances to an earlier release's package and image. Each publish goes through
/// <see cref="ServicePackageStore"/>, so a tarsnode's instances get the package through the framework.
/// </summary>
public sealed class ReleaseService
{
    private const int MaxWaitSeconds = 3600;
    private readonly ReleaseRepository _releases;
    private readonly ServicePackageStore _packages;
    private readonly ServicePackageRepository _packageRows;
    private readonly ServerConfRepository _servers;
    private readonly BaseImageRepository _images;
    private readonly TaskRepository _tasks;
    private readonly InstanceHealthGate _gate;
    private readonly FailureRateGate _failureGate;
    private readonly ReleaseConfigSnapshot _configs;
    private readonly ConfigFileService _configFiles;
    private readonly Operations _operations;
    private readonly AccessControl _access;
    private readonly LiveEventBus _bus;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReleaseService> _logger;
    private readonly ConcurrentDictionary<int, Run> _running = new();
    private readonly TarsDashboard.Core.Cluster.TaskOwnership _ownership;
    private readonly TarsDashboard.Core.Cluster.TaskOwnerRepository _owners;
    private readonly IOptions<TarsDashboard.Core.Cluster.ClusterOptions> _cluster;

    internal ReleaseService(ReleaseRepository releases, ServicePackageStore packages, ServicePackageRepository packageRows, ServerConfRepository servers,
        BaseImageRepository images, TaskRepository tasks, InstanceHealthGate gate, FailureRateGate failureGate, ReleaseConfigSnapshot configs,
        ConfigFileService configFiles, Operations operations,
        AccessControl access, LiveEventBus bus, TimeProvider clock, ILogger<ReleaseService> logger,
        TarsDashboard.Core.Cluster.TaskOwnership ownership, TarsDashboard.Core.Cluster.TaskOwnerRepository owners,
        IOptions<TarsDashboard.Core.Cluster.ClusterOptions> cluster)
    {
        _ownership = ownership;
        _owners = owners;
        _cluster = cluster;
        _releases = releases;
        _packages = packages;
        _packageRows = packageRows;
        _servers = servers;
        _images = images;
        _tasks = tasks;
        _gate = gate;
        _failureGate = failureGate;
        _configs = configs;
        _configFiles = configFiles;
        _operations = operations;
        _access = access;
        _bus = bus;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Checks the request, records the release with its batches and starts it in the background; progress is on the
    /// bus as <see cref="ReleaseProgress"/> and in the release's rows.
    /// </summary>
    public async Task<ReleaseRow> StartRolloutAsync(Caller caller, RolloutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var package = await _packageRows.GetAsync(request.PackageId, cancellationToken)
            ?? throw new ValidationFailedException(new FieldError("PackageId", "Release.PackageNotFound",
                $"No such package #{request.PackageId.ToString(CultureInfo.InvariantCulture)}.", request.PackageId));
        var pattern = Check(request);
        var rows = await InstancesAsync(request.ServerIds, package.Application, package.ServerName, cancellationToken);
        var image = request.BaseImageId is { } imageId
            ? await _images.GetAsync(imageId, cancellationToken) ?? throw new ValidationFailedException(new FieldError("BaseImageId",
                "Release.ImageNotFound", $"No such image #{imageId.ToString(CultureInfo.InvariantCulture)}.", imageId))
            : null;

        return await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(package.Application, package.ServerName),
            "release.rollout", $"{package.Application}.{package.ServerName}", async audit =>
            {
                var release = NewRelease(caller, ReleaseKinds.Rollout, package, image?.Id ?? rows[0].BaseImageId,
                    image?.Image ?? await ImageOfAsync(rows[0].BaseImageId, cancellationToken));
                (release.BatchSize, release.BatchPercent, release.WaitSeconds) = (request.BatchSize, request.BatchPercent, request.WaitSeconds);
                (release.LogPattern, release.FailureGate) = (request.LogPattern?.Trim() ?? "", request.FailureGate);
                release.ConfigJson = await _configs.TakeAsync(package.Application, package.ServerName, cancellationToken);
                var nodes = Plan(rows, request.BatchSize, request.BatchPercent);
                await _releases.InsertAsync(release, nodes, cancellationToken);
                audit.Detail = $"release #{Id(release.Id)}: package #{Id(package.Id)} ({package.Md5}) to {string.Join(", ", rows.Select(r => r.NodeName))} " +
                    $"in {Id(nodes.Max(n => n.Batch))} batch(es), wait {Id(request.WaitSeconds)} s";
                await LaunchAsync(caller, release, nodes, pattern, request.BaseImageId is not null);
                return release;
            }, cancellationToken);
    }

    /// <summary>
    /// Returns instances of the release's service (all of them, or <paramref name="serverIds"/>) to its package and
    /// image, as one batch watched for <paramref name="waitSeconds"/>; recorded as a release of its own.
    /// </summary>
    public async Task<ReleaseRow> RollbackToAsync(Caller caller, int releaseId, IReadOnlyList<int>? serverIds = null, int waitSeconds = 10,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var target = await _releases.GetAsync(releaseId, cancellationToken) ?? throw ReleaseNotFound(releaseId);
        await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(target.Application, target.ServerName), cancellationToken);
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            throw new ValidationFailedException(new FieldError("WaitSeconds", "Release.WaitRange", "The wait must be 0 to 3600 seconds."));
        }

        var package = await _packageRows.GetAsync(target.PackageId, cancellationToken)
            ?? throw new ValidationFailedException(new FieldError("ReleaseId", "Release.PackageGone",
                $"The package of release #{Id(target.Id)} was deleted; it cannot be restored.", target.Id));
        var ids = serverIds ?? [.. (await _servers.ListForServiceAsync(target.Application, target.ServerName, cancellationToken)).Select(r => r.Id)];
        var rows = await InstancesAsync(ids, target.Application, target.ServerName, cancellationToken);
        return await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(target.Application, target.ServerName),
            "release.rollback", target.ServiceId, async audit =>
            {
                var release = NewRelease(caller, ReleaseKinds.Rollback, package, target.BaseImageId, target.Image);
                (release.SourceReleaseId, release.ConfigJson, release.WaitSeconds) = (target.Id, target.ConfigJson, waitSeconds);
                var nodes = Plan(rows, 0, 0);
                await _releases.InsertAsync(release, nodes, cancellationToken);
                audit.Detail = $"release #{Id(release.Id)}: back to release #{Id(target.Id)} (package #{Id(package.Id)} {package.Md5}) on " +
                    string.Join(", ", rows.Select(r => r.NodeName));
                await LaunchAsync(caller, release, nodes, pattern: null, setImage: true);
                return release;
            }, cancellationToken);
    }

    /// <summary>
    /// Undoes a stopped rollout: each instance it changed gets back the package and image it ran before, one release
    /// per distinct (package, image) pair. Instances whose earlier package is not known are refused.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseRow>> RevertAsync(Caller caller, int releaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var summary = await GetAsync(caller, releaseId, cancellationToken) ?? throw ReleaseNotFound(releaseId);
        var release = summary.Release;
        if (!summary.CanRevert)
        {
            throw new ValidationFailedException(new FieldError("ReleaseId", "Release.NotRevertible",
                $"Release #{Id(release.Id)} is {release.State}; only a stopped rollout that changed instances can be undone.", release.Id));
        }

        var changed = summary.Nodes.Where(n => ReleaseNodeStates.WasChanged(n.State)).ToList();
        if (changed.FirstOrDefault(n => n.PreviousPackageId is null) is { } unknown)
        {
            throw new ValidationFailedException(new FieldError("ReleaseId", "Release.PreviousUnknown",
                $"What {unknown.NodeName} ran before release #{Id(release.Id)} is not known (it was not published by the dashboard); publish a package to it instead.",
                unknown.NodeName, release.Id));
        }

        var made = new List<ReleaseRow>();
        foreach (var group in changed.GroupBy(n => (Package: n.PreviousPackageId!.Value, Image: n.PreviousBaseImageId)))
        {
            var package = await _packageRows.GetAsync(group.Key.Package, cancellationToken)
                ?? throw new ValidationFailedException(new FieldError("ReleaseId", "Release.PreviousGone",
                    $"Package #{Id(group.Key.Package)}, which {group.First().NodeName} ran before, was deleted.", group.Key.Package, group.First().NodeName));
            var rows = await InstancesAsync([.. group.Select(n => n.ServerId)], release.Application, release.ServerName, cancellationToken);
            made.Add(await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(release.Application, release.ServerName),
                "release.revert", release.ServiceId, async audit =>
                {
                    var revert = NewRelease(caller, ReleaseKinds.Rollback, package, group.Key.Image, await ImageOfAsync(group.Key.Image, cancellationToken));
                    (revert.RevertsReleaseId, revert.WaitSeconds) = (release.Id, Math.Min(release.WaitSeconds, 30));
                    revert.ConfigJson = await _configs.TakeAsync(release.Application, release.ServerName, cancellationToken);
                    var nodes = Plan(rows, 0, 0);
                    await _releases.InsertAsync(revert, nodes, cancellationToken);
                    audit.Detail = $"release #{Id(revert.Id)} undoes release #{Id(release.Id)} on {string.Join(", ", rows.Select(r => r.NodeName))} " +
                        $"(package #{Id(package.Id)} {package.Md5})";
                    await LaunchAsync(caller, revert, nodes, pattern: null, setImage: true);
                    return revert;
                }, cancellationToken));
        }

        return made;
    }

    /// <summary>What a rollback to <paramref name="releaseId"/> would change on each instance of its service.</summary>
    public async Task<RollbackPreview> PreviewRollbackAsync(Caller caller, int releaseId, CancellationToken cancellationToken = default)
    {
        var target = await _releases.GetAsync(releaseId, cancellationToken) ?? throw ReleaseNotFound(releaseId);
        await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(target.Application, target.ServerName), cancellationToken);
        var rows = await _servers.ListForServiceAsync(target.Application, target.ServerName, cancellationToken);
        var images = (await _images.ListAsync(cancellationToken)).ToDictionary(i => i.Id, i => i.Image);
        var targetPackage = PackageText(target.PackageId, target.PackageMd5);
        var versions = ReleaseConfigSnapshot.Parse(target.ConfigJson);
        var items = new List<RollbackPreviewItem>();
        foreach (var r in rows)
        {
            items.Add(new RollbackPreviewItem(r.Id, r.NodeName, CurrentPackage(r.PatchVersion), targetPackage,
                r.BaseImageId is { } id && images.TryGetValue(id, out var image) ? image : "", target.Image,
                await _configs.ChangedForAsync(versions, r.NodeName, cancellationToken)));
        }

        return new RollbackPreview(target, items);
    }

    /// <summary>Releases of App.Server with their instances, newest first.</summary>
    public async Task<IReadOnlyList<ReleaseSummary>> ListAsync(Caller caller, string application, string serverName, int limit = 50,
        CancellationToken cancellationToken = default)
    {
        await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, serverName), cancellationToken);
        var releases = await _releases.ListAsync(application, serverName, Math.Clamp(limit, 1, 500), cancellationToken);
        var nodes = await _releases.ListNodesAsync([.. releases.Select(r => r.Id)], cancellationToken);
        return [.. releases.Select(r => new ReleaseSummary(r, nodes.GetValueOrDefault(r.Id, [])))];
    }

    public async Task<ReleaseSummary?> GetAsync(Caller caller, int releaseId, CancellationToken cancellationToken = default)
    {
        var release = await _releases.GetAsync(releaseId, cancellationToken);
        if (release is null)
        {
            return null;
        }

        await _access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(release.Application, release.ServerName), cancellationToken);
        return new ReleaseSummary(release, await _releases.ListNodesAsync(releaseId, cancellationToken));
    }

    /// <summary>Stops a running release: the batch under way ends its publish, no later batch starts.</summary>
    public async Task CancelAsync(Caller caller, int releaseId, CancellationToken cancellationToken = default)
    {
        var release = await _releases.GetAsync(releaseId, cancellationToken) ?? throw ReleaseNotFound(releaseId);
        await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(release.Application, release.ServerName), "release.cancel",
            release.ServiceId, audit =>
            {
                audit.Detail = $"release #{Id(release.Id)}";
                if (!_running.TryGetValue(releaseId, out var run))
                {
                    throw new ValidationFailedException(new FieldError("ReleaseId", "Release.NotRunning",
                        $"Release #{Id(release.Id)} is not running here.", release.Id));
                }

                run.Cancel.Cancel();
                return Task.FromResult(true);
            }, cancellationToken);
    }

    /// <summary>Completes when the release has finished (at once when it is not running in this process).</summary>
    public Task WaitAsync(int releaseId) => _running.TryGetValue(releaseId, out var run) ? run.Work : Task.CompletedTask;

    /// <summary>
    /// Releases left running by an instance that stopped are marked interrupted, their unfinished instances too: those
    /// whose owner's heartbeat in <c>tdash_task_owner</c> is older than <see cref="TarsDashboard.Core.Cluster.ClusterOptions.TaskStaleSeconds"/>,
    /// or that have no owner and are older than that (an older dashboard's, or cut off before the claim). A release
    /// another live instance runs is left alone. Runs on the leader's sweep (CutOffTaskSweeper).
    /// </summary>
    internal async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var staleSeconds = _cluster.Value.TaskStaleSeconds;
        var stuck = (await _releases.ListRunningAsync(cancellationToken)).Where(r => !_running.ContainsKey(r.Id)).ToList();
        if (stuck.Count == 0)
        {
            return 0;
        }

        var stale = (await _owners.ListStaleAsync(staleSeconds, cancellationToken)).ToDictionary(r => r.TaskNo, StringComparer.Ordinal);
        var owned = await _owners.OwnedAsync([.. stuck.Select(r => TarsDashboard.Core.Cluster.TaskOwnership.ReleaseKey(r.Id))], cancellationToken);
        var oldBefore = _clock.GetUtcNow().UtcDateTime.AddSeconds(-staleSeconds);
        var marked = 0;
        foreach (var release in stuck)
        {
            var key = TarsDashboard.Core.Cluster.TaskOwnership.ReleaseKey(release.Id);
            string who;
            if (stale.TryGetValue(key, out var owner))
            {
                who = $"instance {owner.Owner} stopped";
            }
            else if (!owned.Contains(key) && release.CreatedAt < oldBefore)
            {
                who = "the dashboard restarted";
            }
            else
            {
                continue;
            }

            foreach (var node in (await _releases.ListNodesAsync(release.Id, cancellationToken)).Where(n => n.State is ReleaseNodeStates.Pending
                         or ReleaseNodeStates.Publishing or ReleaseNodeStates.Gating))
            {
                (node.State, node.Detail) = node.State == ReleaseNodeStates.Pending
                    ? (ReleaseNodeStates.NotStarted, $"not started: {who}")
                    : (ReleaseNodeStates.Failed, $"interrupted: {who} during its publish or gate");
                await _releases.SetNodeAsync(node, cancellationToken);
            }

            await _releases.SetStateAsync(release.Id, ReleaseStates.Interrupted, $"interrupted: {who} while it ran",
                _clock.GetUtcNow().UtcDateTime, cancellationToken);
            await _owners.ReleaseAsync(key, cancellationToken);
            marked++;
        }

        return marked;
    }

    // Claimed before it runs, so another instance's sweep sees it is alive; released however it ends.
    private async Task LaunchAsync(Caller caller, ReleaseRow release, IReadOnlyList<ReleaseNodeRow> nodes, Regex? pattern, bool setImage)
    {
        await _ownership.ClaimAsync(TarsDashboard.Core.Cluster.TaskOwnership.ReleaseKey(release.Id), CancellationToken.None);
        Launch(caller, release, nodes, pattern, setImage);
    }

    private void Launch(Caller caller, ReleaseRow release, IReadOnlyList<ReleaseNodeRow> nodes, Regex? pattern, bool setImage)
    {
        var cancel = new CancellationTokenSource();
        var work = Task.Run(async () =>
        {
            try
            {
                await RunAsync(caller, release, nodes, pattern, setImage, cancel.Token);
            }
            finally
            {
                await _ownership.ReleaseAsync(TarsDashboard.Core.Cluster.TaskOwnership.ReleaseKey(release.Id));
            }
        }, CancellationToken.None);
        _running[release.Id] = new Run(work, cancel);
        _ = work.ContinueWith(_ =>
        {
            _running.TryRemove(release.Id, out var _);
            cancel.Dispose();
        }, TaskScheduler.Default);
        Publish(release, null, ReleaseStates.Running, "started");
    }

    private async Task RunAsync(Caller caller, ReleaseRow release, IReadOnlyList<ReleaseNodeRow> nodes, Regex? pattern, bool setImage,
        CancellationToken cancel)
    {
        var batches = nodes.GroupBy(n => n.Batch).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        try
        {
            // A rollback to a release brings its config files back first; each batch then gets them pushed.
            var restored = release.SourceReleaseId is { } source
                ? await _configs.RestoreAsync(caller, ReleaseConfigSnapshot.Parse(release.ConfigJson), source, CancellationToken.None)
                : [];
            foreach (var batch in batches)
            {
                if (cancel.IsCancellationRequested)
                {
                    await FinishAsync(release, nodes, ReleaseStates.Cancelled, "cancelled before batch " + Id(batch[0].Batch));
                    return;
                }

                var failure = await RunBatchAsync(caller, release, batch, nodes, pattern, setImage, restored, cancel);
                if (failure is not null)
                {
                    await FinishAsync(release, nodes, ReleaseStates.Stopped, $"stopped at batch {Id(batch[0].Batch)}: {failure}");
                    return;
                }
            }

            await FinishAsync(release, nodes, ReleaseStates.Succeeded, $"{Id(nodes.Count)} instance(s) in {Id(batches.Count)} batch(es)");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await FinishAsync(release, nodes, ReleaseStates.Cancelled, "cancelled during a batch's wait");
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Release #{Release} of {Service} failed", release.Id, release.ServiceId);
            await FinishAsync(release, nodes, ReleaseStates.Failed, "failed: " + exception.Message);
        }
    }

    // One batch: publish, then gates; the reason it failed, or null when every instance passed.
    private async Task<string?> RunBatchAsync(Caller caller, ReleaseRow release, List<ReleaseNodeRow> batch, IReadOnlyList<ReleaseNodeRow> all,
        Regex? pattern, bool setImage, IReadOnlyList<ReleaseConfigVersion> restored, CancellationToken cancel)
    {
        var started = _clock.GetUtcNow();
        var rows = await _servers.ListByIdsAsync([.. batch.Select(n => n.ServerId)], CancellationToken.None);
        if (setImage && release.BaseImageId is { } imageId)
        {
            foreach (var row in rows.Where(r => r.BaseImageId != imageId))
            {
                await _servers.SetBaseImageAsync(row.Id, imageId, Truncate(caller.UserName, 64), CancellationToken.None);
            }
        }

        foreach (var node in batch)
        {
            (node.State, node.StartedAt, node.Detail) = (ReleaseNodeStates.Publishing, started.UtcDateTime, "publishing");
            await SaveAsync(release, node);
        }

        // The publish itself is not cut off by a cancel: an instance is never left half-replaced.
        var task = await _packages.PublishAsync(caller, release.PackageId, [.. batch.Select(n => n.ServerId)], CancellationToken.None);
        foreach (var node in batch)
        {
            node.TaskNo = task.TaskNo;
            await _releases.SetNodeAsync(node, CancellationToken.None);
        }

        await _packages.WaitAsync(task.TaskNo);
        var items = await _tasks.ListItemsAsync(task.TaskNo, CancellationToken.None);
        var pushed = await PushConfigsAsync(caller, release, batch, restored);
        var gates = new List<Task<(ReleaseNodeRow Node, GateVerdict Verdict)>>();
        foreach (var node in batch)
        {
            var item = items.FirstOrDefault(i => i.NodeName == node.NodeName);
            if (item?.Status != (int)TaskItemStatus.Success)
            {
                gates.Add(Task.FromResult((node, GateVerdict.Fail("the publish failed: " + LastLine(item?.Log)))));
                continue;
            }

            (node.State, node.Detail) = (ReleaseNodeStates.Gating, $"watching for {Id(release.WaitSeconds)} s{pushed.GetValueOrDefault(node.NodeName)}");
            await SaveAsync(release, node);
            var row = rows.First(r => r.Id == node.ServerId);
            gates.Add(WatchAsync(caller, node, row, started, TimeSpan.FromSeconds(release.WaitSeconds), pattern, cancel));
        }

        var verdicts = await Task.WhenAll(gates);
        if (release.FailureGate && verdicts.All(v => v.Verdict.Passed))
        {
            var upgraded = all.Where(n => n.Batch <= batch[0].Batch).Select(n => n.NodeName).ToList();
            var others = all.Where(n => n.Batch > batch[0].Batch).Select(n => n.NodeName).ToList();
            var range = LogTimeRange.TryCreate(started, _clock.GetUtcNow(), out _)!;
            var rate = await _failureGate.CheckAsync(caller, release.Application, release.ServerName, upgraded, others, range, cancel);
            verdicts = [.. verdicts.Select(v => (v.Node, rate.Passed ? v.Verdict with { Reason = v.Verdict.Reason + "; " + rate.Reason } : rate))];
        }

        foreach (var (node, verdict) in verdicts)
        {
            (node.State, node.Detail, node.EndedAt) = (verdict.Passed ? ReleaseNodeStates.Passed : ReleaseNodeStates.Failed, verdict.Reason,
                _clock.GetUtcNow().UtcDateTime);
            await SaveAsync(release, node);
        }

        var failed = verdicts.Where(v => !v.Verdict.Passed).ToList();
        return failed.Count == 0 ? null : string.Join("; ", failed.Select(f => $"{f.Node.NodeName}: {f.Verdict.Reason}"));
    }

    // The restored config files go to the batch's instances now that they run the release's package; a push that fails
    // is noted on the node (the file is restored in the database either way and reaches the service on its next load).
    private async Task<Dictionary<string, string>> PushConfigsAsync(Caller caller, ReleaseRow release, List<ReleaseNodeRow> batch,
        IReadOnlyList<ReleaseConfigVersion> restored)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in restored.Select(v => v.FileName).Distinct(StringComparer.Ordinal))
        {
            var nodes = batch.Where(n => restored.Any(v => v.FileName == name && ReleaseConfigSnapshot.Applies(v, n.NodeName))).Select(n => n.NodeName).ToList();
            IReadOnlyList<Configs.ConfigPushResult> results;
            try
            {
                results = await _configFiles.PushAsync(caller, release.Application, release.ServerName, name, nodes, CancellationToken.None);
            }
            catch (Exception exception) when (exception is ValidationFailedException or Framework.FrameworkUnreachableException)
            {
                results = [.. nodes.Select(n => new Configs.ConfigPushResult(n, Configs.ConfigPushOutcome.Failed, exception.Message))];
            }

            foreach (var result in results)
            {
                notes[result.NodeName] = notes.GetValueOrDefault(result.NodeName, "") +
                    (result.Succeeded ? $"; config {name} restored and pushed" : $"; config {name} restored, push failed: {result.Message}");
            }
        }

        return notes;
    }

    private async Task<(ReleaseNodeRow, GateVerdict)> WatchAsync(Caller caller, ReleaseNodeRow node, ServerConfRow row, DateTimeOffset started,
        TimeSpan wait, Regex? pattern, CancellationToken cancel)
    {
        try
        {
            return (node, await _gate.WatchAsync(caller, row, started, wait, pattern, cancel));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return (node, GateVerdict.Fail("the gate could not look at the instance: " + exception.Message));
        }
    }

    private async Task FinishAsync(ReleaseRow release, IReadOnlyList<ReleaseNodeRow> nodes, string state, string detail)
    {
        foreach (var node in nodes.Where(n => n.State == ReleaseNodeStates.Pending))
        {
            (node.State, node.Detail) = (ReleaseNodeStates.NotStarted, "not started");
            await SaveAsync(release, node);
        }

        foreach (var node in nodes.Where(n => n.State is ReleaseNodeStates.Publishing or ReleaseNodeStates.Gating))
        {
            (node.State, node.Detail, node.EndedAt) = (ReleaseNodeStates.Failed, detail, _clock.GetUtcNow().UtcDateTime);
            await SaveAsync(release, node);
        }

        (release.State, release.Detail, release.EndedAt) = (state, detail, _clock.GetUtcNow().UtcDateTime);
        await _releases.SetStateAsync(release.Id, state, detail, release.EndedAt, CancellationToken.None);
        if (state == ReleaseStates.Succeeded && release.RevertsReleaseId is { } reverted)
        {
            await MarkRevertedAsync(reverted, nodes);
        }

        Publish(release, null, state, detail);
    }

    // The undone rollout's instances that this revert returned are marked so, and the rollout once all of them are.
    private async Task MarkRevertedAsync(int releaseId, IReadOnlyList<ReleaseNodeRow> reverted)
    {
        var original = await _releases.GetAsync(releaseId, CancellationToken.None);
        if (original is null)
        {
            return;
        }

        var nodes = await _releases.ListNodesAsync(releaseId, CancellationToken.None);
        foreach (var node in nodes.Where(n => reverted.Any(r => r.ServerId == n.ServerId) && ReleaseNodeStates.WasChanged(n.State)))
        {
            (node.State, node.Detail) = (ReleaseNodeStates.RolledBack, node.Detail + "; rolled back");
            await SaveAsync(original, node);
        }

        if (!nodes.Any(n => ReleaseNodeStates.WasChanged(n.State)))
        {
            await _releases.SetStateAsync(original.Id, ReleaseStates.RolledBack, original.Detail + "; rolled back", original.EndedAt, CancellationToken.None);
            Publish(original, null, ReleaseStates.RolledBack, original.Detail);
        }
    }

    private async Task SaveAsync(ReleaseRow release, ReleaseNodeRow node)
    {
        await _releases.SetNodeAsync(node, CancellationToken.None);
        Publish(release, node, release.State, node.Detail);
    }

    private void Publish(ReleaseRow release, ReleaseNodeRow? node, string state, string detail) =>
        _bus.Publish(new ReleaseProgress(release.Id, release.Application, release.ServerName, state, node?.NodeName, node?.State, detail));

    private ReleaseRow NewRelease(Caller caller, string kind, ServicePackageRow package, int? baseImageId, string image) => new()
    {
        Application = package.Application, ServerName = package.ServerName, Kind = kind, PackageId = package.Id, PackageMd5 = package.Md5,
        PackageLabel = Truncate(string.IsNullOrWhiteSpace(package.Comment) ? package.FileName : package.Comment, 255), BaseImageId = baseImageId,
        Image = Truncate(image, 255), State = ReleaseStates.Running, CreatedBy = Truncate(caller.UserName, 64), CreatedAt = _clock.GetUtcNow().UtcDateTime,
    };

    // The instances in batch order, each remembering what it ran before (for undoing the rollout later).
    private static List<ReleaseNodeRow> Plan(IReadOnlyList<ServerConfRow> rows, int batchSize, int batchPercent) =>
        [.. RolloutPlan.Batches(rows, batchSize, batchPercent).SelectMany((batch, index) => batch.Select(r => new ReleaseNodeRow
        {
            ServerId = r.Id, NodeName = r.NodeName, Batch = index + 1, State = ReleaseNodeStates.Pending,
            PreviousPackageId = PackageIdOf(r.PatchVersion), PreviousBaseImageId = r.BaseImageId,
        }))];

    private async Task<List<ServerConfRow>> InstancesAsync(IReadOnlyList<int> serverIds, string application, string serverName,
        CancellationToken cancellationToken)
    {
        if (serverIds is not { Count: > 0 })
        {
            throw new ValidationFailedException(new FieldError("ServerIds", "Release.NoInstances", "Choose at least one instance."));
        }

        var rows = await _servers.ListByIdsAsync([.. serverIds.Distinct()], cancellationToken);
        if (rows.Count != serverIds.Distinct().Count())
        {
            throw new ValidationFailedException(new FieldError("ServerIds", "Release.InstanceGone", "An instance chosen no longer exists."));
        }

        if (rows.FirstOrDefault(r => r.Application != application || r.ServerName != serverName) is { } other)
        {
            throw new ValidationFailedException(new FieldError("ServerIds", "Release.WrongService",
                $"{other.ServiceId} on {other.NodeName} is not an instance of {application}.{serverName}.", other.ServiceId, other.NodeName,
                $"{application}.{serverName}"));
        }

        // The order asked for is the order batches take.
        var order = serverIds.Distinct().Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        return [.. rows.OrderBy(r => order[r.Id])];
    }

    private static Regex? Check(RolloutRequest request)
    {
        var errors = new List<FieldError>();
        if (request.BatchSize < 0)
        {
            errors.Add(new FieldError("BatchSize", "Release.BatchSizeRange", "The batch size cannot be negative."));
        }

        if (request.BatchPercent is < 0 or > 100)
        {
            errors.Add(new FieldError("BatchPercent", "Release.BatchPercentRange", "The batch share must be 0 to 100 %."));
        }

        if (request.WaitSeconds is < 0 or > MaxWaitSeconds)
        {
            errors.Add(new FieldError("WaitSeconds", "Release.WaitRange", "The wait must be 0 to 3600 seconds."));
        }

        Regex? pattern = null;
        if (!string.IsNullOrWhiteSpace(request.LogPattern))
        {
            var text = request.LogPattern.Trim();
            if (text.Length > 255)
            {
                errors.Add(new FieldError("LogPattern", "Release.PatternTooLong", "The log pattern is longer than 255 characters."));
            }
            else
            {
                try
                {
                    pattern = new Regex(text, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException exception)
                {
                    errors.Add(new FieldError("LogPattern", "Release.PatternInvalid", $"The log pattern is not a valid regular expression: {exception.Message}",
                        exception.Message));
                }
            }
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : pattern;
    }

    private async Task<string> ImageOfAsync(int? baseImageId, CancellationToken cancellationToken) =>
        baseImageId is { } id ? (await _images.GetAsync(id, cancellationToken))?.Image ?? "" : "";

    /// <summary>The package id in a <c>patch_version</c> the dashboard wrote (<c>id:md5</c>); null for anything else.</summary>
    internal static int? PackageIdOf(string? patchVersion)
    {
        var colon = patchVersion?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && int.TryParse(patchVersion.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static string CurrentPackage(string? patchVersion)
    {
        var colon = patchVersion?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return PackageIdOf(patchVersion) is { } id ? PackageText(id, patchVersion![(colon + 1)..]) : patchVersion ?? "";
    }

    private static string PackageText(int id, string md5) => $"#{Id(id)} {md5}";

    private static string LastLine(string? log) =>
        log?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no task item";

    private static ValidationFailedException ReleaseNotFound(int id) =>
        new(new FieldError("ReleaseId", "Release.NotFound", $"No such release #{Id(id)}.", id));

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed record Run(Task Work, CancellationTokenSource Cancel);
}
