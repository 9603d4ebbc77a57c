namespace TarsDashboard.Core.Images;

/// <summary>What one node holds of one image.</summary>
public enum ImageCellState
{
    /// <summary>The node has the image, with the id last synced (or there is no recorded id to compare with).</summary>
    Present,

    /// <summary>The node does not have the image.</summary>
    Absent,

    /// <summary>The node has an image under that reference, but its id differs from <c>t_base_image.sha</c>.</summary>
    Stale,

    Pulling,

    /// <summary>The last pull on this node failed; the reason says why.</summary>
    Failed,

    NodeUnreachable,
}
