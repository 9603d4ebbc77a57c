namespace TarsDashboard.Core.Images;

/// <summary>How a sync of one image to some nodes ended, node by node; <see cref="Summary"/> is what <c>t_base_image.result</c> got.</summary>
public sealed record ImageSyncResult(int BaseImageId, string Image, string? Sha, IReadOnlyList<NodePullResult> Nodes, string Summary, TimeSpan Elapsed)
{
    public bool AllSucceeded => Nodes.All(n => n.Succeeded);
}
