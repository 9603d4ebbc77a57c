namespace TarsDashboard.Core.Images;

/// <summary>Every image against every node.</summary>
public sealed record ImageMatrix(IReadOnlyList<ImageSummary> Images, IReadOnlyList<string> Nodes, IReadOnlyList<ImageCell> Cells)
{
    public ImageCell Cell(int baseImageId, string nodeName) =>
        Cells.First(c => c.BaseImageId == baseImageId && c.NodeName == nodeName);

    public IEnumerable<ImageCell> Stale => Cells.Where(c => c.State == ImageCellState.Stale);
}
