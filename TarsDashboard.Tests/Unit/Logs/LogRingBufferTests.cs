using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogRingBufferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private static LogLine Line(long sequence, DateTimeOffset? timestamp = null) =>
        new("svc", sequence, timestamp, LogStream.Stdout, $"line {sequence}", LogSeverity.None);

    private static LogRingBuffer Filled(int capacity, long count)
    {
        var buffer = new LogRingBuffer("svc", capacity);
        for (var sequence = 1L; sequence <= count; sequence++)
        {
            buffer.Append(Line(sequence));
        }

        return buffer;
    }

    private static long[] Sequences(IEnumerable<LogLine> lines) => lines.Select(l => l.Sequence).ToArray();

    [Fact]
    public void Wrapping_around_keeps_the_newest_lines_and_counts_the_overwritten()
    {
        var buffer = Filled(capacity: 5, count: 12);

        Assert.Equal([8L, 9, 10, 11, 12], Sequences(buffer.Snapshot()));
        Assert.Equal([11L, 12], Sequences(buffer.Snapshot(2)));
        Assert.Equal((5, 7L, 12L), (buffer.Count, buffer.DroppedCount, buffer.LastSequence));
    }

    [Fact]
    public void A_reader_resumes_after_its_last_sequence_without_duplicates()
    {
        var buffer = Filled(capacity: 8, count: 6);
        var snapshot = buffer.Snapshot(3);
        buffer.Append([Line(7), Line(8), Line(9), Line(10)]);

        var batch = buffer.ReadAfter(snapshot[^1].Sequence);

        Assert.Equal([4L, 5, 6], Sequences(snapshot));
        Assert.Equal([7L, 8, 9, 10], Sequences(batch.Lines));
        Assert.Equal((0L, 10L), (batch.Missed, batch.LastSequence));
        Assert.True(buffer.ReadAfter(10).IsEmpty);
    }

    [Fact]
    public void Reading_in_pages_walks_the_window_in_order()
    {
        var buffer = Filled(capacity: 10, count: 25);

        var first = buffer.ReadAfter(17, maxLines: 3);
        var second = buffer.ReadAfter(first.LastSequence, maxLines: 3);

        Assert.Equal([18L, 19, 20], Sequences(first.Lines));
        Assert.Equal([21L, 22, 23], Sequences(second.Lines));
    }

    [Fact]
    public void A_reader_that_fell_behind_more_than_the_capacity_gets_a_gap_count()
    {
        var buffer = Filled(capacity: 10, count: 100);

        var batch = buffer.ReadAfter(5);

        Assert.Equal(85, batch.Missed);
        Assert.Equal([91L, 92, 93, 94, 95, 96, 97, 98, 99, 100], Sequences(batch.Lines));
    }

    [Fact]
    public void Numbering_that_starts_late_is_not_reported_as_a_gap()
    {
        var buffer = new LogRingBuffer("svc", 10);
        buffer.Append([Line(1000), Line(1001)]);

        Assert.Equal(0, buffer.ReadAfter(0).Missed);
    }

    [Fact]
    public void Lines_since_a_time_include_unstamped_lines_after_it()
    {
        var buffer = new LogRingBuffer("svc", 10);
        buffer.Append([Line(1, T0), Line(2, T0.AddSeconds(10)), Line(3), Line(4, T0.AddSeconds(20)), Line(5)]);

        Assert.Equal([2L, 3, 4, 5], Sequences(buffer.ReadSince(T0.AddSeconds(5))));
        Assert.Equal([5L], Sequences(buffer.ReadSince(T0.AddSeconds(30))));
    }

    [Fact]
    public void Lines_out_of_order_are_refused_and_leave_the_buffer_untouched()
    {
        var buffer = Filled(capacity: 10, count: 3);

        Assert.Throws<ArgumentException>(() => buffer.Append([Line(4), Line(3)]));
        Assert.Equal(3, buffer.LastSequence);
        Assert.Equal(3, buffer.Count);
    }

    [Fact]
    public async Task Waiting_for_lines_completes_when_one_arrives_and_honours_cancellation()
    {
        var buffer = Filled(capacity: 10, count: 2);
        var waiting = buffer.WaitForLinesAsync(2);

        Assert.True(buffer.WaitForLinesAsync(1).IsCompleted);
        Assert.False(waiting.IsCompleted);
        buffer.Append(Line(3));
        await waiting;

        using var cancel = new CancellationTokenSource();
        var cancelled = buffer.WaitForLinesAsync(3, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public async Task A_stalled_follower_does_not_hold_up_the_writer_and_later_sees_the_gap()
    {
        var buffer = new LogRingBuffer("svc", capacity: 100);
        buffer.Append(Line(1));
        await using var follower = buffer.FollowAsync(afterSequence: 0).GetAsyncEnumerator();
        Assert.True(await follower.MoveNextAsync());
        Assert.Equal([1L], Sequences(follower.Current.Lines));

        for (var sequence = 2L; sequence <= 10_000; sequence++)
        {
            buffer.Append(Line(sequence));
        }

        Assert.True(await follower.MoveNextAsync());
        Assert.Equal(9_899, follower.Current.Missed);
        Assert.Equal(9_901, follower.Current.Lines[0].Sequence);
        Assert.Equal(10_000, follower.Current.LastSequence);
    }

    [Fact]
    public async Task Concurrent_followers_see_every_line_once_or_count_it_as_missed()
    {
        const long total = 200_000;
        var buffer = new LogRingBuffer("svc", capacity: 1_000);
        using var stop = new CancellationTokenSource();

        // A stalled follower: it subscribes, reads once, and never asks again.
        await using var stalled = buffer.FollowAsync(0, cancellationToken: stop.Token).GetAsyncEnumerator();
        var stalledFirst = stalled.MoveNextAsync().AsTask();

        var followers = Enumerable.Range(0, 3).Select(delayEvery => Task.Run(async () =>
        {
            long last = 0, seen = 0, missed = 0, outOfOrder = 0;
            await foreach (var batch in buffer.FollowAsync(0, maxBatch: 256, stop.Token))
            {
                missed += batch.Missed;
                foreach (var line in batch.Lines)
                {
                    outOfOrder += line.Sequence <= last ? 1 : 0;
                    last = line.Sequence;
                    seen++;
                }

                if (last == total)
                {
                    break;
                }

                if (delayEvery > 0 && seen % (delayEvery * 3) == 0)
                {
                    await Task.Delay(1);
                }
            }

            return (seen, missed, outOfOrder, last);
        })).ToArray();

        var writer = Task.Run(() =>
        {
            var batch = new LogLine[50];
            for (var sequence = 1L; sequence <= total; sequence += batch.Length)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = Line(sequence + i);
                }

                buffer.Append(batch);
            }
        });

        await writer;
        var results = await Task.WhenAll(followers).WaitAsync(TimeSpan.FromMinutes(1));
        await stop.CancelAsync();

        Assert.True(await stalledFirst);
        Assert.All(results, r => Assert.Equal((total, total, 0L), (r.seen + r.missed, r.last, r.outOfOrder)));
        Assert.Equal(total - buffer.Capacity, buffer.DroppedCount);
    }
}
