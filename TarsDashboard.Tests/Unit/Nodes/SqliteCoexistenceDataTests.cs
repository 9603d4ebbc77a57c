using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

/// <summary>The coexistence data cases on the embedded default, a fresh file per test.</summary>
public sealed class SqliteCoexistenceDataTests : CoexistenceDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateEmptyDatabaseAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tdash-coexist-").FullName, "db_tars.db");
        return Task.FromResult($"Data Source={file}");
    }

    [Fact]
    public async Task A_heartbeat_written_as_a_parameter_with_fractions_of_a_second_is_aged_too()
    {
        await using var host = await MigratedHostAsync();
        await host.Get<TarsDatabase>().ExecuteAsync(
            "INSERT INTO t_node_info (node_name, last_heartbeat, present_state) VALUES ('n', @at, 'active')",
            new { at = DateTime.UtcNow.AddSeconds(-42.5) });

        var heartbeat = (await host.Get<NodeInfoRepository>().GetHeartbeatAsync("n", 300))!;

        Assert.InRange(heartbeat.AgeSeconds!.Value, 42, 50);
        Assert.True(heartbeat.IsFresh);
    }
}
