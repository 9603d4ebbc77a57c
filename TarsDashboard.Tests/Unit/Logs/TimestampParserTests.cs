using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class TimestampParserTests
{
    [Theory]
    [InlineData("2026-11-23T07:13:24.123456789Z", "2026-11-23T07:13:24.1234567+00:00")]
    [InlineData("2026-11-23T07:13:24Z", "2026-11-23T07:13:24.0000000+00:00")]
    [InlineData("2026-11-23T07:13:24.5+08:00", "2026-11-23T07:13:24.5000000+08:00")]
    [InlineData("2026-11-23t07:13:24.000001-05:30", "2026-11-23T07:13:24.0000010-05:30")]
    [InlineData("2024-02-29T23:59:59.9999999z", "2024-02-29T23:59:59.9999999+00:00")]
    public void Reads_rfc3339_and_rfc3339_nano(string text, string expected)
    {
        Assert.True(TimestampParser.TryParseRfc3339(text, out var timestamp));
        Assert.Equal(DateTimeOffset.Parse(expected), timestamp);
        Assert.Equal(DateTimeOffset.Parse(expected).Offset, timestamp.Offset);

        Assert.True(TimestampParser.TryParseRfc3339(System.Text.Encoding.UTF8.GetBytes(text), out var fromBytes));
        Assert.Equal(timestamp, fromBytes);
    }

    [Theory]
    [InlineData("2026-11-23T07:13:24")]
    [InlineData("2026-13-23T07:13:24Z")]
    [InlineData("2026-02-29T07:13:24Z")]
    [InlineData("2026-11-23T24:00:00Z")]
    [InlineData("2026-11-23T07:13:24.Z")]
    [InlineData("2026-11-23T07:13:24Z trailing")]
    [InlineData("2026-11-23T07:13:24+15:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("not a time at all, no")]
    [InlineData("")]
    public void Refuses_what_is_not_an_rfc3339_stamp(string text)
    {
        Assert.False(TimestampParser.TryParseRfc3339(text, out _));
    }

    [Theory]
    [InlineData("2026-11-23 07:13:24", 0)]
    [InlineData("2026-11-23 07:13:24.250", 2_500_000)]
    public void Reads_the_tars_stamp_in_the_given_zone(string text, long extraTicks)
    {
        Assert.True(TimestampParser.TryParseTars(text, TimeSpan.FromHours(8), out var timestamp));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 13, 24, TimeSpan.FromHours(8)).AddTicks(extraTicks), timestamp);
    }

    [Theory]
    [InlineData("2026-11-23 07:13:24|1234|DEBUG|x", 20)]
    [InlineData("2026-11-23 07:13:24.123|1234|INFO|x", 24)]
    [InlineData("2026-11-23T07:13:24.123456789Z started", 31)]
    [InlineData("2026-11-23 07:13:24", 19)]
    public void Finds_a_stamp_at_the_start_of_a_line_and_its_separator(string line, int length)
    {
        Assert.True(TimestampParser.TryParseLeading(line, TimeSpan.Zero, out var timestamp, out var consumed));
        Assert.Equal(length, consumed);
        Assert.Equal(new DateTime(2026, 11, 23, 7, 13, 24), new DateTime(timestamp.DateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond));
    }

    [Theory]
    [InlineData("07:13:24 2026-11-23")]
    [InlineData("12345-11-23 07:13:24")]
    [InlineData("request 2026-11-23 07:13:24")]
    public void Finds_no_stamp_where_a_line_does_not_start_with_one(string line)
    {
        Assert.False(TimestampParser.TryParseLeading(line, TimeSpan.Zero, out _, out _));
    }

    [Theory]
    // China has no daylight saving: always +08:00.
    [InlineData("Asia/Shanghai", "2026-12-04 12:00:00|1|INFO|x", "2026-12-04T04:00:00Z")]
    // Berlin is +01:00 in winter and +02:00 in summer; the rule of the stamp's own date applies.
    [InlineData("Europe/Berlin", "2026-01-15 12:00:00 started", "2026-01-15T11:00:00Z")]
    [InlineData("Europe/Berlin", "2026-07-15 12:00:00 started", "2026-07-15T10:00:00Z")]
    // A stamp with its own zone keeps it, whatever the node's zone.
    [InlineData("Asia/Shanghai", "2026-12-04T12:00:00Z started", "2026-12-04T12:00:00Z")]
    [InlineData("UTC", "2026-12-04 12:00:00 started", "2026-12-04T12:00:00Z")]
    public void A_stamp_without_a_zone_is_the_local_time_of_the_nodes_zone(string zone, string line, string expectedUtc)
    {
        Assert.True(TimestampParser.TryParseLeading(line, TimeZoneInfo.FindSystemTimeZoneById(zone), out var timestamp, out var consumed));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.True(consumed > 19);
    }

    [Theory]
    [InlineData("2026-12-04T12:00:00.123456789+08:00", 8 * 60)]
    [InlineData("2026-12-04T12:00:00.5-05:30", -(5 * 60 + 30))]
    [InlineData("2026-12-04T04:00:00.123456789Z", 0)]
    public void The_engines_system_time_gives_its_nodes_offset(string systemTime, int minutes)
    {
        var zone = NodeTimeZone.FromSystemTime(systemTime);
        Assert.NotNull(zone);
        Assert.Equal(TimeSpan.FromMinutes(minutes), zone.GetUtcOffset(new DateTime(2026, 7, 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-12-04 12:00:00")]
    [InlineData("yesterday")]
    public void A_system_time_without_an_offset_says_nothing_about_the_zone(string? systemTime)
    {
        Assert.Null(NodeTimeZone.FromSystemTime(systemTime));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("Asia/Shanghai", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    public void The_file_time_zone_setting_must_name_a_known_zone(string setting, bool valid)
    {
        Assert.Equal(valid, new LogOptions { FileTimeZone = setting }.IsValid());
    }
}
