using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>The bisection that finds where a search of a large file starts, over blocks whose first stamped line is known.</summary>
public sealed class FileTimeSeekUnitTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    // Block i's first stamped line is at minute i.
    private static Func<long, CancellationToken, Task<DateTimeOffset?>> MinutePerBlock(List<long> probed) => (block, _) =>
    {
        probed.Add(block);
        return Task.FromResult<DateTimeOffset?>(Start.AddMinutes(block));
    };

    [Fact]
    public async Task Evenly_spread_lines_are_found_in_a_few_probes_at_most_a_slack_before_the_range()
    {
        var probed = new List<long>();

        var block = await FileTimeSeek.StartBlockAsync(16_384, Start.AddMinutes(15_000.5), MinutePerBlock(probed), CancellationToken.None);

        Assert.InRange(block, 15_000 - FileTimeSeek.SlackBlocks, 15_000);
        Assert.InRange(probed.Count, 1, 5);
    }

    [Fact]
    public async Task A_burst_of_lines_costs_at_most_about_twice_a_bisection_and_still_finds_a_safe_start()
    {
        // 9,000 blocks written in 9,000 s, then 1,000 blocks over 1,000,000 s: interpolation alone would crawl.
        static DateTimeOffset TimeOf(long block) => block < 9_000 ? Start.AddSeconds(block) : Start.AddSeconds(9_000 + (block - 9_000) * 1_000.0);
        var probed = 0;
        var from = TimeOf(9_500).AddSeconds(1);

        var block = await FileTimeSeek.StartBlockAsync(10_000, from, (index, _) =>
        {
            probed++;
            return Task.FromResult<DateTimeOffset?>(TimeOf(index));
        }, CancellationToken.None);

        Assert.InRange(block, 9_500 - FileTimeSeek.SlackBlocks, 9_500);
        Assert.InRange(probed, 1, 2 * 14 + 2);
    }

    [Fact]
    public async Task A_range_before_the_file_starts_at_its_first_block_and_one_after_it_at_its_last()
    {
        Assert.Equal(0, await FileTimeSeek.StartBlockAsync(100, Start.AddMinutes(-5), MinutePerBlock([]), CancellationToken.None));
        Assert.Equal(99, await FileTimeSeek.StartBlockAsync(100, Start.AddDays(1), MinutePerBlock([]), CancellationToken.None));
    }

    [Fact]
    public async Task A_block_that_cannot_tell_its_time_ends_the_bisection_at_the_last_safe_start()
    {
        // Blocks from 50 on hold no stamped line: the search keeps the last block known to start before the range.
        var block = await FileTimeSeek.StartBlockAsync(100, Start.AddMinutes(90),
            (index, _) => Task.FromResult<DateTimeOffset?>(index < 50 ? Start.AddMinutes(index) : null), CancellationToken.None);

        Assert.InRange(block, 0, 49);
    }

    [Theory]
    [InlineData("rest of a cut line\n2026-12-04 10:00:00|1|INFO|x\n", true, "2026-12-04T10:00:00Z")]
    [InlineData("2026-12-04 09:00:00|1|INFO|x\n2026-12-04 10:00:00|1|INFO|y\n", false, "2026-12-04T09:00:00Z")]
    [InlineData("cut\n    at frame(File.java:1)\n2026-12-04 11:00:00 next\n", true, "2026-12-04T11:00:00Z")]
    public void A_blocks_time_is_its_first_whole_stamped_line(string block, bool startsMidLine, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            FileTimeSeek.FirstStampedLine(block, startsMidLine, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("no newline at all in this block")]
    [InlineData("cut\nno stamps here\nnor here\n")]
    [InlineData("cut\n2026-12-04 10:0")]
    public void A_block_without_a_whole_stamped_line_has_no_time(string block)
    {
        Assert.Null(FileTimeSeek.FirstStampedLine(block, startsMidLine: true, TimeZoneInfo.Utc));
    }
}
