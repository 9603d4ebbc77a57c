using TarsDashboard.Core.Data;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The resource history's data cases; each provider runs all of them through a subclass.</summary>
public abstract class MonitoringDataContract
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    private static readonly ContainerKey Svc = new("node-a", "App.Svc");

    private static ResourcePointRow Point(ContainerKey key, int resolution, DateTime at, long memory = 100) =>
        ResourcePointRow.From(key, resolution, new ResourceSample(new DateTimeOffset(at, TimeSpan.Zero), 12.5, memory, 1 << 30, 1, 2, 3, 4, 1));

    [Fact]
    public async Task History_points_round_trip_by_container_resolution_and_range()
    {
        await using var host = await MigratedHostAsync();
        var repository = host.Get<ResourcePointRepository>();
        var t0 = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        await repository.InsertAsync([Point(Svc, 10, t0.AddSeconds(20), 3), Point(Svc, 10, t0, 1), Point(Svc, 10, t0.AddSeconds(10), 2),
            Point(Svc, 300, t0), Point(Svc with { Node = "node-b" }, 10, t0), Point(Svc, 10, t0.AddSeconds(30))]);

        var rows = await repository.QueryAsync(Svc, 10, t0, t0.AddSeconds(30));

        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.MemoryUsed));
        var first = rows[0].ToSample();
        Assert.Equal(new ResourceSample(new DateTimeOffset(t0), 12.5, 1, 1 << 30, 1, 2, 3, 4, 1), first);
    }

    [Fact]
    public async Task Retention_prunes_points_past_their_age_per_resolution()
    {
        await using var host = await MigratedHostAsync();
        var repository = host.Get<ResourcePointRepository>();
        var now = DateTime.UtcNow;
        await repository.InsertAsync([
            Point(Svc, 10, now.AddHours(-25)), Point(Svc, 10, now.AddHours(-1)),
            Point(Svc, 300, now.AddDays(-31)), Point(Svc, 300, now.AddDays(-2)),
        ]);

        Assert.Equal(2, await host.Get<ResourceRecorder>().PruneAsync());

        Assert.Single(await repository.QueryAsync(Svc, 10, now.AddDays(-40), now));
        Assert.Single(await repository.QueryAsync(Svc, 300, now.AddDays(-40), now));
    }

    [Fact]
    public async Task A_30_day_history_query_among_many_containers_returns_that_container_s_coarse_points()
    {
        await using var host = await MigratedHostAsync();
        var repository = host.Get<ResourcePointRepository>();
        var now = DateTime.UtcNow;
        var start = now.AddDays(-30);
        var rows = new List<ResourcePointRow>();
        foreach (var container in Enumerable.Range(0, 6).Select(i => new ContainerKey("node-a", $"App.Svc{i}")).Append(Svc))
        {
            for (var at = start; at < now; at = at.AddMinutes(5))
            {
                rows.Add(Point(container, 300, at));
            }
        }

        await repository.InsertAsync(rows);

        // How fast is the bench's business (bench `stats`: 52 ms median); a timed assertion here would only be flaky.
        var result = await host.Get<ResourceMonitor>().HistoryAsync(Caller.System, Svc.Node, "App", "Svc", ResourceRange.Last30Days);

        Assert.InRange(result.Count, 8600, 8641);
    }
}
