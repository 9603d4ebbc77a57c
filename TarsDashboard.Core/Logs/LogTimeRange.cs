namespace TarsDashboard.Core.Logs;

/// <summary>
/// A closed span of log time to read or search, both ends included. Built only through the factories, so a range
/// that ends before it starts cannot exist; <see cref="TryCreate"/> turns that into a message for the form.
/// </summary>
public sealed record LogTimeRange
{
    private LogTimeRange(DateTimeOffset from, DateTimeOffset to)
    {
        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public TimeSpan Length => To - From;

    /// <summary>The last <paramref name="span"/> up to <paramref name="now"/> (the "last 5 minutes" choices).</summary>
    public static LogTimeRange Last(TimeSpan span, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero);
        return new LogTimeRange(now - span, now);
    }

    /// <summary><paramref name="each"/> either side of a moment: "around this line".</summary>
    public static LogTimeRange Around(DateTimeOffset at, TimeSpan each)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(each, TimeSpan.Zero);
        return new LogTimeRange(at - each, at + each);
    }

    /// <summary>A custom range from a form; null with a message the UI shows at the fields when it cannot be one.</summary>
    public static LogTimeRange? TryCreate(DateTimeOffset? from, DateTimeOffset? to, out LogSearchError? error)
    {
        error = (from, to) switch
        {
            (null, _) => new LogSearchError("Logs.Range.FromMissing", "Give the time the range starts at."),
            (_, null) => new LogSearchError("Logs.Range.ToMissing", "Give the time the range ends at."),
            var (start, end) when start > end => new LogSearchError("Logs.Range.Reversed", "The range ends before it starts."),
            _ => null,
        };
        return error is null ? new LogTimeRange(from!.Value, to!.Value) : null;
    }

    /// <summary>The formats a form accepts for a time, read as UTC unless the text gives an offset.</summary>
    public static readonly string[] TimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    /// <summary>A time typed into a range field; null for empty text, an error for text that is not a time.</summary>
    public static DateTimeOffset? ParseTime(string? text, out LogSearchError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(text.Trim(), TimeFormats, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        error = new LogSearchError("Logs.Range.BadTime", $"'{text.Trim()}' is not a time such as 2026-12-03 14:05:00 (UTC).");
        return null;
    }

    /// <summary>The text <see cref="ParseTime"/> reads back, to the second, in UTC.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public bool Contains(DateTimeOffset time) => time >= From && time <= To;

    /// <summary>How far through the range <paramref name="time"/> is, 0 to 1 (for a progress bar).</summary>
    public double Fraction(DateTimeOffset time) =>
        Length <= TimeSpan.Zero ? 1 : Math.Clamp((time - From) / Length, 0, 1);
}
