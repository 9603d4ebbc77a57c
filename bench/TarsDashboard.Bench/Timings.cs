namespace TarsDashboard.Bench;

/// <summary>The durations of repeated runs of one measurement, in milliseconds.</summary>
internal sealed class Timings(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;

    public IReadOnlyList<double> Milliseconds => _milliseconds;

    public double Median
    {
        get
        {
            var sorted = _milliseconds.Order().ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public double Min => _milliseconds.Min();

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);
}
