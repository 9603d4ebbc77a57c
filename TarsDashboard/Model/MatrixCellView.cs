using TarsDashboard.Core.Images;

namespace TarsDashboard.Model;

/// <summary>What one cell of the sync matrix shows: the loaded state, or the pull progress that arrived since.</summary>
/// <param name="ImageId">The image id on the node (present, stale, or pulled just now).</param>
/// <param name="Percent">0-100 while pulling; 100 once a pull just finished; else null.</param>
/// <param name="Reason">Why the pull failed or the node could not be asked.</param>
/// <param name="UpdatedAt">When this state was reported, to tell it from an older matrix load.</param>
public sealed record MatrixCellView(
    ImageCellState State,
    string? ImageId = null,
    double? Percent = null,
    int LayersDone = 0,
    int LayersTotal = 0,
    long BytesDone = 0,
    long BytesTotal = 0,
    string? Reason = null,
    DateTimeOffset UpdatedAt = default)
{
    public static MatrixCellView From(ImageCell cell) =>
        new(cell.State, cell.ImageId, cell.State == ImageCellState.Pulling ? cell.Percent ?? 0 : null, Reason: cell.Reason);

    public static MatrixCellView From(NodePullState pull) => pull.Phase switch
    {
        PullPhase.Succeeded => new(ImageCellState.Present, pull.ImageId, 100, pull.LayersDone, pull.LayersTotal, pull.BytesDone, pull.BytesTotal,
            UpdatedAt: pull.UpdatedAt),
        PullPhase.Failed => new(ImageCellState.Failed, pull.ImageId, Reason: pull.Error, UpdatedAt: pull.UpdatedAt),
        _ => new(ImageCellState.Pulling, null, pull.Percent, pull.LayersDone, pull.LayersTotal, pull.BytesDone, pull.BytesTotal,
            UpdatedAt: pull.UpdatedAt),
    };

    /// <summary>The node holds some version of the image, so it can be removed from there.</summary>
    public bool OnNode => State is ImageCellState.Present or ImageCellState.Stale
        || (State == ImageCellState.Failed && ImageId is not null);

    /// <summary>Docker's short form: the first 12 hex digits, without <c>sha256:</c>.</summary>
    public static string ShortId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "";
        }

        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
