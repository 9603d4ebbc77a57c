using TarsDashboard.Core.Statistics;
using Xunit;

namespace TarsDashboard.Tests.Statistics;

/// <summary>tarsstat's hourly table names for a range, in the framework's local time, and a row's time from its date and flag.</summary>
public sealed class StatTableNamesTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void An_hour_and_a_half_in_utc_reads_the_local_hours_it_touches()
    {
        var from = new DateTimeOffset(2026, 12, 3, 1, 30, 0, TimeSpan.Zero);

        var names = StatTableNames.For("tars_stat_", from, from.AddMinutes(89), China, byDay: false);

        Assert.Equal(["tars_stat_2026120309", "tars_stat_2026120310"], names);
    }

    [Fact]
    public void Day_tables_are_one_per_local_day()
    {
        var from = new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(["p_20261204", "p_20261205"], StatTableNames.For("p_", from, from.AddHours(20), China, byDay: true));
    }

    [Fact]
    public void A_prefix_that_is_not_an_identifier_and_a_range_of_too_many_tables_are_refused()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.Throws<ArgumentException>(() => StatTableNames.For("x`; drop table t; --", now, now, TimeSpan.Zero, byDay: false));
        Assert.Throws<ArgumentException>(() => StatTableNames.For("t_", now.AddDays(-40), now, TimeSpan.Zero, byDay: false));
        Assert.Equal(32, StatTableNames.For("t_", now.AddDays(-31), now, TimeSpan.Zero, byDay: true).Count);
    }

    [Fact]
    public void A_row_s_time_is_its_date_and_hhmm_flag_in_the_framework_s_offset()
    {
        var time = StatTableNames.RowTime(new DateTime(2026, 12, 3), "0935", China);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 1, 35, 0, TimeSpan.Zero), time.ToUniversalTime());
    }
}
