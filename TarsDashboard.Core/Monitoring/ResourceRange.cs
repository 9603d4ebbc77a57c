namespace TarsDashboard.Core.Monitoring;

/// <summary>The spans a chart offers: the live ring, or history over the last hour, day or 30 days.</summary>
public enum ResourceRange
{
    Live,
    LastHour,
    LastDay,
    Last30Days,
}
