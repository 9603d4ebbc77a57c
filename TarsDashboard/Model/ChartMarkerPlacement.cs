using TarsDashboard.Core.Audit;

namespace TarsDashboard.Model;

/// <summary>A change marker placed on a chart: <see cref="Fraction"/> of the way across its time axis (0 = first point, 1 = last).</summary>
public sealed record PlacedMarker(ChangeMarker Marker, double Fraction);

/// <summary>
/// Where change markers fall on a time series chart. MudChart's time axis runs from the earliest to the latest point of
/// its series, so a marker's place is its time's fraction of that span; markers outside it are not drawn (the list
/// beside the charts still names them).
/// </summary>
public static class ChartMarkerPlacement
{
    /// <param name="from">The chart's first point, in UTC.</param>
    /// <param name="to">The chart's last point, in UTC.</param>
    public static IReadOnlyList<PlacedMarker> Place(IEnumerable<ChangeMarker> markers, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var span = (to - from).TotalMilliseconds;
        if (span <= 0)
        {
            return [];
        }

        return [.. markers
            .Where(m => m.At >= from && m.At <= to)
            .OrderBy(m => m.At)
            .Select(m => new PlacedMarker(m, Math.Round((m.At - from).TotalMilliseconds / span, 4)))];
    }

    /// <summary>The UTC span of a chart's series (earliest to latest point), or null when it has fewer than two.</summary>
    public static (DateTime From, DateTime To)? SpanOf(IEnumerable<DateTime> points)
    {
        DateTime? min = null, max = null;
        foreach (var point in points)
        {
            var utc = point.Kind == DateTimeKind.Local ? point.ToUniversalTime() : DateTime.SpecifyKind(point, DateTimeKind.Utc);
            min = min is null || utc < min ? utc : min;
            max = max is null || utc > max ? utc : max;
        }

        return min is { } from && max is { } to && to > from ? (from, to) : null;
    }
}
