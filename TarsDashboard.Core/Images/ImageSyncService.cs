using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Images;

/// <summary>
/// Pulls an image onto nodes in parallel, with its registry's credentials, publishing each node's progress on the
/// <see cref="LiveEventBus"/>; records the image id in <c>t_base_image.sha</c> and a summary in <c>result</c>. Also removes
/// an image from a node. The latest pull state of every (image, node) is kept in memory for the matrix.
/// </summary>
public sealed class ImageSyncService
{
    private readonly BaseImageRepository images;
    private readonly RegistryService registries;
    private readonly NodeRepository nodes;
    private readonly DockerClientPool clients;
    private readonly Operations operations;
    private readonly LiveEventBus bus;
    private readonly ILogger<ImageSyncService> logger;
    private readonly TimeProvider clock;

    internal ImageSyncService(
        BaseImageRepository images,
        RegistryService registries,
        NodeRepository nodes,
        DockerClientPool clients,
        Operations operations,
        LiveEventBus bus,
        ILogger<ImageSyncService> logger,
        TimeProvider clock)
    {
        this.clock = clock;
        this.images = images;
        this.registries = registries;
        this.nodes = nodes;
        this.clients = clients;
        this.operations = operations;
        this.bus = bus;
        this.logger = logger;
    }

    /// <summary>As tarsnode: a pull that takes longer has failed.</summary>
    public static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(300);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan EngineCallTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(int ImageId, string Node), NodePullState> _states = new();
    private readonly SharedPulls<(int ImageId, string Node), NodePullResult> _running = new();

    /// <summary>The latest pull state of one image on one node, or null when none ran since start (or since it was removed).</summary>
    public NodePullState? StateOf(int baseImageId, string nodeName) => _states.GetValueOrDefault((baseImageId, nodeName));

    /// <summary>Every pull state held: those still pulling, and the last outcome of the others.</summary>
    public IReadOnlyList<NodePullState> States => _states.Values.ToList();

    /// <summary>
    /// Pulls image <paramref name="baseImageId"/> on <paramref name="nodeNames"/> (all nodes when null or empty), all at
    /// once. A node that fails (stream error, bad credentials, engine gone) fails alone; the others finish. A node already
    /// pulling this image is joined, not pulled twice.
    /// </summary>
    public async Task<ImageSyncResult> SyncAsync(Caller caller, int baseImageId, IReadOnlyCollection<string>? nodeNames = null,
        CancellationToken cancellationToken = default)
    {
        var image = await images.GetAsync(baseImageId, cancellationToken);
        return await operations.RunAsync(caller, Permission.ManageImages, AccessTarget.Global, "image.sync", image?.Image ?? $"image #{baseImageId}", async audit =>
        {
            if (image is null)
            {
                throw new ValidationFailedException(new FieldError(nameof(ImageInput.Image), "Image.NotFound", "No such image.", baseImageId));
            }

            var reference = ImageReference.Parse(image.Image, nameof(ImageInput.Image));
            var auth = await registries.CredentialsForAsync(image.RegistryId, reference, cancellationToken);
            var targets = await ResolveNodesAsync(nodeNames, cancellationToken);

            var started = clock.GetTimestamp();
            var results = await Task.WhenAll(targets.Select(node => PullAsync(image.Id, reference, auth, node, cancellationToken)));
            var elapsed = clock.GetElapsedTime(started);

            // Nodes pulling the same reference at the same time get the same id; if not (a tag moved mid-sync), most win.
            var sha = results.Where(r => r.Succeeded).GroupBy(r => r.ImageId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            var summary = Summarize(results, sha);
            await images.SaveSyncResultAsync(image.Id, sha, summary, CancellationToken.None);
            bus.Publish(new ImageMatrixChanged(image.Id, targets.Count == 1 ? targets[0].NodeName : null));

            audit.After = new { image = reference.FullName, sha, nodes = results.Select(r => new { r.NodeName, r.Succeeded, r.ImageId, r.Error }) };
            audit.Detail = summary;
            return new ImageSyncResult(image.Id, reference.FullName, sha, results, summary, elapsed);
        }, cancellationToken);
    }

    /// <summary>Removes the image from one node; refused while any container there (running or not) uses it.</summary>
    public async Task RemoveFromNodeAsync(Caller caller, int baseImageId, string nodeName, CancellationToken cancellationToken = default)
    {
        var image = await images.GetAsync(baseImageId, cancellationToken);
        var target = $"{image?.Image ?? $"image #{baseImageId}"} on {nodeName}";
        await operations.RunAsync(caller, Permission.ManageImages, AccessTarget.Global, "image.remove-from-node", target, async audit =>
        {
            if (image is null)
            {
                throw new ValidationFailedException(new FieldError(nameof(ImageInput.Image), "Image.NotFound", "No such image.", baseImageId));
            }

            var reference = ImageReference.Parse(image.Image, nameof(ImageInput.Image));
            var node = (await ResolveNodesAsync([nodeName], cancellationToken))[0];
            var client = clients.For(node);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(EngineCallTimeout);
            try
            {
                string id;
                try
                {
                    id = (await client.Images.InspectImageAsync(reference.LocalName, timeout.Token)).ID;
                }
                catch (DockerImageNotFoundException)
                {
                    audit.Detail = "not on the node";
                    _states.TryRemove((baseImageId, node.NodeName), out _);
                    return;
                }

                var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, timeout.Token);
                var users = containers.Where(c => c.ImageID == id || c.Image == reference.LocalName || c.Image == reference.FullName).ToList();
                if (users.Count > 0)
                {
                    throw UsedByContainers(node.NodeName, users.Select(c => c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12]).ToList());
                }

                audit.Before = new { node = node.NodeName, imageId = id };
                try
                {
                    await client.Images.DeleteImageAsync(reference.LocalName, new ImageDeleteParameters { Force = false }, timeout.Token);
                }
                catch (DockerImageNotFoundException)
                {
                    // Removed by someone else meanwhile: the outcome is the same.
                }
            }
            catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // A container was created between our check and the delete.
                throw UsedByContainers(node.NodeName, [EngineError.MessageOf(exception)]);
            }
            catch (Exception exception) when (exception is not ValidationFailedException
                                              && (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                throw new InvalidOperationException($"{node.NodeName}: {EngineError.Describe(exception, EngineCallTimeout)}", exception);
            }

            _states.TryRemove((baseImageId, node.NodeName), out _);
            bus.Publish(new ImageMatrixChanged(baseImageId, node.NodeName));
        }, cancellationToken);
    }

    /// <summary>
    /// Makes sure image <paramref name="baseImageId"/> is on <paramref name="node"/> as tarsnode does before a start: pulled
    /// (with its registry's credentials) when missing or when its id differs from <c>t_base_image.sha</c>. No grant check:
    /// the caller (a service start) has already been checked for the service.
    /// </summary>
    public async Task<NodePullResult> EnsurePulledAsync(int baseImageId, NodeRow node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var image = await images.GetAsync(baseImageId, cancellationToken);
        if (image is null)
        {
            return new NodePullResult(node.NodeName, false, null, $"No such image #{baseImageId}.", TimeSpan.Zero);
        }

        var reference = ImageReference.Parse(image.Image, nameof(ImageInput.Image));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(EngineCallTimeout);
            var present = await clients.For(node).Images.InspectImageAsync(reference.LocalName, timeout.Token);
            if (string.IsNullOrEmpty(image.Sha) || string.Equals(present.ID, image.Sha, StringComparison.Ordinal))
            {
                return new NodePullResult(node.NodeName, true, present.ID, null, TimeSpan.Zero);
            }
        }
        catch (DockerImageNotFoundException)
        {
            // Missing: pull it below.
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new NodePullResult(node.NodeName, false, null, EngineError.Describe(exception, EngineCallTimeout), TimeSpan.Zero);
        }

        var auth = await registries.CredentialsForAsync(image.RegistryId, reference, cancellationToken);
        return await PullAsync(image.Id, reference, auth, node, cancellationToken);
    }

    /// <summary>
    /// Makes sure any image reference (not only a registered one) is on <paramref name="node"/>: used as is when the
    /// engine has it (built or loaded locally), pulled otherwise with the credentials of the registry registered at its
    /// host, if any. For agents and framework containers the wizards start. No grant check: callers check first.
    /// </summary>
    public async Task EnsureReferenceAsync(NodeRow node, string image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var reference = ImageReference.Parse(image);
        var client = clients.For(node);
        if (await IsPresentAsync(client, reference, cancellationToken))
        {
            return;
        }

        var auth = await registries.CredentialsForHostAsync(reference, cancellationToken);
        string? streamError = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(PullTimeout);
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = reference.Name, Tag = reference.PullTag }, auth,
                new SynchronousProgress<JSONMessage>(m => streamError ??= m.Error?.Message), timeout.Token);
        }

        // The engine reports a failed pull inside the stream, not as an error status.
        if (!await IsPresentAsync(client, reference, cancellationToken))
        {
            throw new InvalidOperationException($"{reference.FullName} could not be pulled{(streamError is null ? "" : ": " + streamError)}");
        }
    }

    private static async Task<bool> IsPresentAsync(IDockerClient client, ImageReference reference, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EngineCallTimeout);
        try
        {
            await client.Images.InspectImageAsync(reference.LocalName, timeout.Token);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Drops what is remembered about an image (after it was deleted or now names another reference).</summary>
    public void Forget(int baseImageId)
    {
        foreach (var key in _states.Keys.Where(k => k.ImageId == baseImageId))
        {
            _states.TryRemove(key, out _);
        }
    }

    private async Task<IReadOnlyList<NodeRow>> ResolveNodesAsync(IReadOnlyCollection<string>? nodeNames, CancellationToken cancellationToken)
    {
        var registered = await nodes.ListAsync(cancellationToken);
        var all = registered.Where(n => n.HasEngine).ToList();
        var engineless = nodeNames?.Where(n => registered.Any(r => r.NodeName == n && !r.HasEngine)).ToList() ?? [];
        if (engineless.Count > 0)
        {
            throw new ValidationFailedException(new FieldError("Nodes", "Image.Sync.NoEngine",
                $"No Docker engine is registered for {string.Join(", ", engineless)}; add its endpoint on the Nodes page.", string.Join(", ", engineless)));
        }

        if (nodeNames is null || nodeNames.Count == 0)
        {
            return all.Count > 0 ? all
                : throw new ValidationFailedException(new FieldError("Nodes", "Image.Sync.NoNodes", "There is no node to sync to; add one first."));
        }

        var unknown = nodeNames.Where(n => all.All(a => a.NodeName != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationFailedException(new FieldError("Nodes", "Node.Unknown", $"No such node: {string.Join(", ", unknown)}.", string.Join(", ", unknown)));
        }

        return all.Where(a => nodeNames.Contains(a.NodeName)).ToList();
    }

    private async Task<NodePullResult> PullAsync(int imageId, ImageReference reference, AuthConfig? auth, NodeRow node, CancellationToken cancellationToken)
    {
        try
        {
            return await _running.RunAsync((imageId, node.NodeName), shared => PullOnNodeAsync(imageId, reference, auth, node, shared), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // This caller gave up; the pull goes on while another caller still waits for it.
            return new NodePullResult(node.NodeName, false, null, "Cancelled.", TimeSpan.Zero);
        }
    }

    private async Task<NodePullResult> PullOnNodeAsync(int imageId, ImageReference reference, AuthConfig? auth, NodeRow node, CancellationToken cancellationToken)
    {
        await Task.Yield(); // let every node's pull start before any of them reads its first message
        var began = clock.GetTimestamp();
        var tracker = new PullProgressTracker();
        var started = clock.GetUtcNow();
        var state = new NodePullState(imageId, node.NodeName, PullPhase.Pulling, 0, 0, 0, 0, 0, null, null, started, started);
        Publish(reference, state);
        var lastPublished = clock.GetTimestamp();
        var progress = new SynchronousProgress<JSONMessage>(message =>
        {
            if (!tracker.Apply(message) || tracker.Error is not null)
            {
                return;
            }

            // A layer appearing or finishing is shown at once; byte counts at most every 100 ms.
            var layersChanged = tracker.LayersTotal != state.LayersTotal || tracker.LayersDone != state.LayersDone;
            state = state with
            {
                Percent = tracker.Percent,
                LayersDone = tracker.LayersDone,
                LayersTotal = tracker.LayersTotal,
                BytesDone = tracker.BytesDone,
                BytesTotal = tracker.BytesTotal,
                UpdatedAt = clock.GetUtcNow(),
            };
            _states[(imageId, node.NodeName)] = state;
            if (layersChanged || clock.GetElapsedTime(lastPublished) >= ProgressInterval)
            {
                lastPublished = clock.GetTimestamp();
                bus.Publish(new ImagePullProgress(reference.FullName, state));
            }
        });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PullTimeout);
        try
        {
            var client = clients.For(node);
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = reference.Name, Tag = reference.PullTag }, auth, progress, timeout.Token);
            if (tracker.Error is { } streamError)
            {
                return Fail(streamError);
            }

            var pulled = await client.Images.InspectImageAsync(reference.LocalName, timeout.Token);
            state = state with
            {
                Phase = PullPhase.Succeeded,
                Percent = 100,
                LayersDone = tracker.LayersTotal,
                LayersTotal = tracker.LayersTotal,
                BytesDone = tracker.BytesTotal,
                BytesTotal = tracker.BytesTotal,
                ImageId = pulled.ID,
                UpdatedAt = clock.GetUtcNow(),
            };
            Publish(reference, state);
            logger.LogInformation("Pulled {Image} on {Node} as {ImageId} in {Elapsed}", reference.FullName, node.NodeName, pulled.ID, clock.GetElapsedTime(began));
            return new NodePullResult(node.NodeName, true, pulled.ID, null, clock.GetElapsedTime(began));
        }
        catch (DockerImageNotFoundException)
        {
            return Fail(tracker.Error ?? $"The engine ended the pull without {reference.LocalName}.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail("Cancelled.");
        }
        catch (Exception exception)
        {
            return Fail(tracker.Error ?? EngineError.Describe(exception, PullTimeout));
        }

        NodePullResult Fail(string reason)
        {
            state = state with { Phase = PullPhase.Failed, Error = reason, UpdatedAt = clock.GetUtcNow() };
            Publish(reference, state);
            logger.LogWarning("Pull of {Image} on {Node} failed: {Reason}", reference.FullName, node.NodeName, reason);
            return new NodePullResult(node.NodeName, false, null, reason, clock.GetElapsedTime(began));
        }
    }

    private void Publish(ImageReference reference, NodePullState state)
    {
        _states[(state.BaseImageId, state.NodeName)] = state;
        bus.Publish(new ImagePullProgress(reference.FullName, state));
    }

    private static ValidationFailedException UsedByContainers(string nodeName, IReadOnlyList<string> containers) =>
        new(new FieldError("Node", "Image.UsedByContainer",
            $"{containers.Count} container(s) on {nodeName} use this image ({string.Join(", ", containers.Take(5))}); remove them first.",
            containers.Count, nodeName));

    /// <summary>One line for <c>t_base_image.result</c>: when, which id on which nodes, and why others failed.</summary>
    private string Summarize(IReadOnlyList<NodePullResult> results, string? sha)
    {
        var parts = new List<string>();
        var succeeded = results.Where(r => r.Succeeded).Select(r => r.NodeName).ToList();
        if (succeeded.Count > 0)
        {
            parts.Add($"pulled {ShortId(sha)} on {string.Join(", ", succeeded)}");
        }

        parts.AddRange(results.Where(r => !r.Succeeded).Select(r => $"failed on {r.NodeName}: {Truncate(r.Error ?? "", 200)}"));
        return $"{clock.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm:ss}Z {string.Join("; ", parts)}";
    }

    private static string ShortId(string? id) => id is null ? "?" : id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length >= 19 ? id[..19] : id;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
