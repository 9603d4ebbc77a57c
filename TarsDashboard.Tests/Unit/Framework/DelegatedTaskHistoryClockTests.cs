using Microsoft.Extensions.Time.Testing;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Framework;

public sealed class DelegatedTaskHistoryClockTests
{
    [Fact]
    public void A_delegated_item_is_stamped_with_the_injected_clock_when_it_starts_and_when_it_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 13, 24, TimeSpan.Zero));
        var history = new DelegatedTaskHistory(clock);
        var task = FrameworkTaskRequests.NewTask("admin", serial: true, clock);
        history.Begin(task);

        history.Record(Progress(task.TaskNo, TaskItemStatus.Running));
        clock.Advance(TimeSpan.FromSeconds(42));
        history.Record(Progress(task.TaskNo, TaskItemStatus.Success));

        var item = Assert.Single(Assert.Single(history.ListRecent()).Items);
        Assert.Equal(new DateTime(2026, 11, 23, 7, 13, 24, DateTimeKind.Utc), item.StartTime);
        Assert.Equal(new DateTime(2026, 11, 23, 7, 14, 6, DateTimeKind.Utc), item.EndTime);
        Assert.Equal(new DateTime(2026, 11, 23, 7, 13, 24, DateTimeKind.Utc), task.CreateTime);
        Assert.StartsWith(FrameworkTaskNumbers.Prefix + "20261123071324", task.TaskNo, StringComparison.Ordinal);
    }

    private static TaskProgress Progress(string taskNo, TaskItemStatus status) =>
        new(taskNo, taskNo + "-0", 1, "Test", "Hello", "node1", "restart", status, "");
}
