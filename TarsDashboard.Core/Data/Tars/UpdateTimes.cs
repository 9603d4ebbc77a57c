namespace TarsDashboard.Core.Data.Tars;

/// <summary>
/// The optimistic guard of Tars' image tables, which have no row version: an edit saves only while the row's
/// <c>update_time</c> is still the one that was read.
/// </summary>
internal static class UpdateTimes
{
    /// <summary>The WHERE condition, with the value read as <c>@Expected</c>.</summary>
    public const string Unchanged = "(update_time = @Expected OR (update_time IS NULL AND @Expected IS NULL))";

    /// <summary>
    /// The update_time to write: now, to the second (MySQL datetime keeps no fraction), and always later than the
    /// previous one, so that two saves within one second still tell an edit based on the older one.
    /// </summary>
    public static DateTime Next(DateTime now, DateTime? previous)
    {
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return previous is { } p && now <= p ? DateTime.SpecifyKind(p, DateTimeKind.Utc).AddSeconds(1) : now;
    }
}
