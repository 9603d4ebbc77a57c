namespace TarsDashboard.Core.Statistics;

/// <summary>
/// Where the framework's call statistics and properties are: the MySQL databases tarsstat and tarsproperty write
/// (<c>tars_stat</c> and <c>tars_property</c> by default), one table per hour named <c>PREFIX + yyyyMMddHH</c>. Unset
/// connection strings mean the framework's statistics are not shown. Read only: the dashboard never writes there.
/// </summary>
public sealed class TarsStatisticsOptions
{
    public const string SectionName = "TarsStatistics";

    /// <summary>MySQL connection string of tarsstat's database (its <c>statdb</c> setting).</summary>
    public string? StatConnectionString { get; set; }

    /// <summary>MySQL connection string of tarsproperty's database (its <c>propertydb</c> setting).</summary>
    public string? PropertyConnectionString { get; set; }

    /// <summary>tarsstat's <c>tbname</c>.</summary>
    public string StatTablePrefix { get; set; } = "tars_stat_";

    /// <summary>tarsproperty's <c>tbname</c>.</summary>
    public string PropertyTablePrefix { get; set; } = "tars_property_";

    /// <summary>
    /// The offset of the clock tarsstat stamps <c>f_date</c>/<c>f_tflag</c> with (its host's local time), e.g. <c>+08:00</c>.
    /// </summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.Zero;

    /// <summary>tarsstat's <c>reapSql&lt;CutType&gt;</c>: <c>hour</c> (default) or <c>day</c> tables.</summary>
    public string CutType { get; set; } = "hour";
}
