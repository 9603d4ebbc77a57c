using TarsDashboard.Core.Images;

namespace TarsDashboard.Model;

/// <summary>
/// The sync matrix as last loaded from Core, with the pull progress that arrived since laid over it. Progress events
/// change one cell without a reload (which asks every engine); a reload drops what it has caught up with.
/// Not thread-safe: the page changes it on its render thread.
/// </summary>
public sealed class LiveImageMatrix
{
    private readonly Dictionary<(int ImageId, string Node), MatrixCellView> _overlay = [];
    private Dictionary<(int ImageId, string Node), MatrixCellView> _loaded = [];

    /// <summary>The last matrix loaded, or null before the first load.</summary>
    public ImageMatrix? Matrix { get; private set; }

    public IReadOnlyList<string> Nodes => Matrix?.Nodes ?? [];

    public IReadOnlyList<ImageSummary> Images => Matrix?.Images ?? [];

    /// <summary>How many cells show stale now (what "Sync all stale" would pull).</summary>
    public int StaleCount => _loaded.Keys.Count(k => Cell(k.ImageId, k.Node).State == ImageCellState.Stale);

    /// <summary>
    /// Takes a fresh matrix whose load began at <paramref name="requestedAt"/>. Progress reported before then is in it
    /// already; later progress is kept, and so is the detail (layers, bytes) of a pull the matrix still shows running.
    /// </summary>
    public void Load(ImageMatrix matrix, DateTimeOffset requestedAt)
    {
        Matrix = matrix;
        _loaded = matrix.Cells.ToDictionary(c => (c.BaseImageId, c.NodeName), MatrixCellView.From);
        foreach (var (key, shown) in _overlay.ToList())
        {
            var loaded = _loaded.GetValueOrDefault(key);
            var stillPulling = shown.State == ImageCellState.Pulling && loaded?.State == ImageCellState.Pulling;
            if (loaded is null || (shown.UpdatedAt < requestedAt && !stillPulling))
            {
                _overlay.Remove(key);
            }
        }
    }

    /// <summary>Applies one progress report; false when it is about an image or node the matrix does not show.</summary>
    public bool Apply(NodePullState pull)
    {
        var key = (pull.BaseImageId, pull.NodeName);
        if (!_loaded.ContainsKey(key))
        {
            return false;
        }

        _overlay[key] = MatrixCellView.From(pull);
        return true;
    }

    /// <summary>Shows the cells as pulling at once, before the engines' first progress arrives.</summary>
    public void MarkPulling(int imageId, IEnumerable<string> nodes, DateTimeOffset at)
    {
        foreach (var node in nodes)
        {
            if (_loaded.ContainsKey((imageId, node)) && Cell(imageId, node).State != ImageCellState.Pulling)
            {
                _overlay[(imageId, node)] = new MatrixCellView(ImageCellState.Pulling, Percent: 0, UpdatedAt: at);
            }
        }
    }

    /// <summary>Fails the cells of a sync that Core refused before any pull started (so no progress will come).</summary>
    public void MarkFailed(int imageId, IEnumerable<string> nodes, string reason, DateTimeOffset at)
    {
        foreach (var node in nodes)
        {
            if (_loaded.ContainsKey((imageId, node)))
            {
                _overlay[(imageId, node)] = new MatrixCellView(ImageCellState.Failed, Cell(imageId, node).ImageId, Reason: reason, UpdatedAt: at);
            }
        }
    }

    /// <summary>What the cell shows now.</summary>
    public MatrixCellView Cell(int imageId, string node) =>
        _overlay.GetValueOrDefault((imageId, node)) ?? _loaded.GetValueOrDefault((imageId, node)) ?? new MatrixCellView(ImageCellState.Absent);
}
