using System.Globalization;
using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Statistics;

/// <summary>
/// The tables tarsstat and tarsproperty cut their rows into: <c>PREFIX + yyyyMMdd</c> plus <c>HH</c> when cut by hour,
/// in the framework's local time. Names are built here from a prefix checked to be a plain identifier and from digits,
/// so a name put into SQL never carries user text.
/// </summary>
public static partial class StatTableNames
{
    /// <summary>Hours of tables one query may span; beyond that a range is refused rather than scanning weeks of tables.</summary>
    public const int MaxTables = 24 * 31;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,40}$")]
    private static partial Regex PrefixPattern();

    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    /// <summary>The table names that can hold rows of <paramref name="from"/>..<paramref name="to"/>, oldest first.</summary>
    /// <exception cref="ArgumentException">The prefix is not a plain identifier, or the range needs more than <see cref="MaxTables"/> tables.</exception>
    public static IReadOnlyList<string> For(string prefix, DateTimeOffset from, DateTimeOffset to, TimeSpan utcOffset, bool byDay)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException($"'{prefix}' is not a table prefix (letters, digits and '_').", nameof(prefix));
        }

        var step = byDay ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);
        var local = Truncate(from.ToOffset(utcOffset).DateTime, byDay);
        var end = to.ToOffset(utcOffset).DateTime;
        var names = new List<string>();
        for (; local <= end; local += step)
        {
            if (names.Count == MaxTables)
            {
                throw new ArgumentException($"The range spans more than {MaxTables} tables; choose a shorter one.");
            }

            names.Add(prefix + local.ToString(byDay ? "yyyyMMdd" : "yyyyMMddHH", CultureInfo.InvariantCulture));
        }

        return names;
    }

    /// <summary>The time a row stands for: its <c>f_date</c> and <c>f_tflag</c> (<c>HHmm</c>) in the framework's local time.</summary>
    public static DateTimeOffset RowTime(DateTime date, string tflag, TimeSpan utcOffset)
    {
        var hours = tflag.Length >= 2 && int.TryParse(tflag.AsSpan(0, 2), CultureInfo.InvariantCulture, out var h) ? h : 0;
        var minutes = tflag.Length >= 4 && int.TryParse(tflag.AsSpan(2, 2), CultureInfo.InvariantCulture, out var m) ? m : 0;
        return new DateTimeOffset(date.Date.AddHours(hours).AddMinutes(minutes), utcOffset);
    }

    private static DateTime Truncate(DateTime time, bool byDay) =>
        byDay ? time.Date : new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, time.Kind);
}
