using System.Globalization;

namespace TarsDashboard.Model;

/// <summary>How pages show a stored UTC time: one format everywhere, marked as UTC so no one reads it as local time.</summary>
public static class UtcTime
{
    public static string Minutes(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Seconds(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
