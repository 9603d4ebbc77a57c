using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Images;

/// <summary>
/// Which node holds which image: one image list per node (not one call per image), compared with each image's
/// <c>sha</c>, overlaid with the pulls running or failed in <see cref="ImageSyncService"/>.
/// </summary>
public sealed class ImageMatrixService
{
    private readonly ImageService images;
    private readonly NodeRepository nodes;
    private readonly DockerClientPool clients;
    private readonly ImageSyncService sync;
    private readonly AccessControl access;
    private readonly IOptions<NodeOptions> options;

    internal ImageMatrixService(
        ImageService images,
        NodeRepository nodes,
        DockerClientPool clients,
        ImageSyncService sync,
        AccessControl access,
        IOptions<NodeOptions> options)
    {
        this.images = images;
        this.nodes = nodes;
        this.clients = clients;
        this.sync = sync;
        this.access = access;
        this.options = options;
    }

    public async Task<ImageMatrix> GetAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var allImages = await images.ListAsync(caller, cancellationToken);
        // A tarsnode-managed node registered without its engine holds no image the dashboard can see.
        var allNodes = (await nodes.ListAsync(cancellationToken)).Where(n => n.HasEngine).ToList();
        var listings = await Task.WhenAll(allNodes.Select(n => ListImagesAsync(n, cancellationToken)));

        var cells = new List<ImageCell>(allImages.Count * allNodes.Count);
        foreach (var image in allImages)
        {
            var localName = ImageReference.TryParse(image.Image, out _)?.LocalName ?? image.Image;
            for (var i = 0; i < allNodes.Count; i++)
            {
                cells.Add(CellOf(image, localName, allNodes[i].NodeName, listings[i]));
            }
        }

        return new ImageMatrix(allImages, allNodes.Select(n => n.NodeName).ToList(), cells);
    }

    /// <summary>Pulls every stale cell again (one sync per image, all at once); returns one result per image synced.</summary>
    public async Task<IReadOnlyList<ImageSyncResult>> SyncAllStaleAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ManageImages, AccessTarget.Global, cancellationToken);
        var matrix = await GetAsync(caller, cancellationToken);
        var work = matrix.Stale.GroupBy(c => c.BaseImageId)
            .Select(g => sync.SyncAsync(caller, g.Key, g.Select(c => c.NodeName).ToList(), cancellationToken));
        return await Task.WhenAll(work);
    }

    private ImageCell CellOf(ImageSummary image, string localName, string nodeName, NodeListing listing)
    {
        var pull = sync.StateOf(image.Id, nodeName);
        var onNode = listing.Ids?.GetValueOrDefault(localName);
        switch (pull?.Phase)
        {
            case PullPhase.Pulling:
                return new ImageCell(image.Id, nodeName, ImageCellState.Pulling, onNode, pull.Percent);
            case PullPhase.Failed:
                return new ImageCell(image.Id, nodeName, ImageCellState.Failed, onNode, Reason: pull.Error);
        }

        if (listing.Ids is null)
        {
            return new ImageCell(image.Id, nodeName, ImageCellState.NodeUnreachable, Reason: listing.Error);
        }

        if (onNode is null)
        {
            return new ImageCell(image.Id, nodeName, ImageCellState.Absent);
        }

        var stale = !string.IsNullOrEmpty(image.Sha) && !string.Equals(onNode, image.Sha, StringComparison.Ordinal);
        return new ImageCell(image.Id, nodeName, stale ? ImageCellState.Stale : ImageCellState.Present, onNode);
    }

    /// <summary>Every name:tag and name@digest on the node with its image id, or why the node could not be asked.</summary>
    private async Task<NodeListing> ListImagesAsync(NodeRow node, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(options.Value.ProbeTimeoutSeconds, 1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var listed = await clients.For(node).Images.ListImagesAsync(new ImagesListParameters { All = false }, cts.Token);
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var image in listed)
            {
                foreach (var name in (image.RepoTags ?? []).Concat(image.RepoDigests ?? []))
                {
                    ids[name] = image.ID;
                }
            }

            return new NodeListing(ids, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new NodeListing(null, EngineError.Describe(exception, timeout));
        }
    }

    private sealed record NodeListing(IReadOnlyDictionary<string, string>? Ids, string? Error);
}
