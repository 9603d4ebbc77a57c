using System.Globalization;
using MySqlConnector;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Statistics;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Statistics;

/// <summary>
/// The framework's call statistics and properties read from real MariaDB tables laid out as tarsstat and tarsproperty
/// create them (one table per hour, the same columns and types), written here as the framework would.
/// </summary>
[Collection("infra")]
public sealed class TarsStatisticsTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    // The two hours the tests write, in the framework's local time (+08:00): 2026-12-03 09:00 and 10:00.
    private static readonly DateTimeOffset Nine = new(2026, 12, 3, 9, 0, 0, China);

    // Our own statement of tarsstat's table: the columns and types it reads and writes.
    internal static string StatTable(string name) =>
        $"CREATE TABLE `{name}` (`stattime` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, `f_date` date NOT NULL DEFAULT '1970-01-01', "
        + "`f_tflag` varchar(8) NOT NULL DEFAULT '', `source_id` varchar(15) NOT NULL DEFAULT '', `master_name` varchar(128) NOT NULL DEFAULT '', "
        + "`slave_name` varchar(128) NOT NULL DEFAULT '', `interface_name` varchar(128) NOT NULL DEFAULT '', `tars_version` varchar(16) NOT NULL DEFAULT '', "
        + "`master_ip` varchar(15) NOT NULL DEFAULT '', `slave_ip` varchar(21) NOT NULL DEFAULT '', `slave_port` int(10) NOT NULL DEFAULT 0, "
        + "`return_value` int(11) NOT NULL DEFAULT 0, `succ_count` int(10) unsigned DEFAULT NULL, `timeout_count` int(10) unsigned DEFAULT NULL, "
        + "`exce_count` int(10) unsigned DEFAULT NULL, `interv_count` varchar(128) DEFAULT NULL, `total_time` bigint(20) unsigned DEFAULT NULL, "
        + "`ave_time` int(10) unsigned DEFAULT NULL, `maxrsp_time` int(10) unsigned DEFAULT NULL, `minrsp_time` int(10) unsigned DEFAULT NULL, "
        + "PRIMARY KEY (`source_id`,`f_date`,`f_tflag`,`master_name`,`slave_name`,`interface_name`,`master_ip`,`slave_ip`,`slave_port`,`return_value`,`tars_version`), "
        + "KEY `IDX_TIME` (`stattime`)) ENGINE=InnoDB DEFAULT CHARSET=utf8";

    internal static string PropertyTable(string name) =>
        $"CREATE TABLE `{name}` (`stattime` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, `f_date` date NOT NULL DEFAULT '1970-01-01', "
        + "`f_tflag` varchar(8) NOT NULL DEFAULT '', `master_name` varchar(128) NOT NULL DEFAULT '', `master_ip` varchar(16) DEFAULT NULL, "
        + "`property_name` varchar(100) DEFAULT NULL, `set_name` varchar(15) NOT NULL DEFAULT '', `set_area` varchar(15) NOT NULL DEFAULT '', "
        + "`set_id` varchar(15) NOT NULL DEFAULT '', `policy` varchar(20) DEFAULT NULL, `value` varchar(255) DEFAULT NULL, "
        + "KEY (`f_date`,`f_tflag`,`master_name`,`master_ip`,`property_name`,`policy`)) ENGINE=InnoDB";

    internal static async Task ExecAsync(string connectionString, params string[] statements)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    internal static string Call(string table, string flag, string master, string slave, string function, string ip, int succ, int timeout, int exce, long total,
        string date = "2026-12-03") =>
        string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO `{table}` (f_date, f_tflag, source_id, master_name, slave_name, interface_name, master_ip, slave_ip, succ_count, timeout_count, exce_count, total_time) "
            + $"VALUES ('{date}', '{flag}', '{ip}', '{master}', '{slave}', '{function}', '{ip}', '10.0.0.9', {succ}, {timeout}, {exce}, {total})");

    private static string Property(string table, string flag, string master, string ip, string name, string policy, string value) =>
        $"INSERT INTO `{table}` (f_date, f_tflag, master_name, master_ip, property_name, policy, value) VALUES ('2026-12-03', '{flag}', '{master}', '{ip}', '{name}', '{policy}', '{value}')";

    private async Task<(CoreHost Host, string Stat, string Property)> HostAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var stat = await infra.MariaDb.CreateDatabaseAsync($"tars_stat_{suffix}");
        var property = await infra.MariaDb.CreateDatabaseAsync($"tars_property_{suffix}");
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["TarsStatistics:StatConnectionString"] = stat,
            ["TarsStatistics:PropertyConnectionString"] = property,
            ["TarsStatistics:UtcOffset"] = "08:00:00",
        });
        return (host, stat, property);
    }

    [Fact]
    public async Task Calls_are_summed_over_callers_and_servants_per_interface_and_slot_and_kept_to_the_range()
    {
        var (host, stat, _) = await HostAsync();
        await using var _host = host;
        await ExecAsync(stat, StatTable("tars_stat_2026120309"), StatTable("tars_stat_2026120310"),
            Call("tars_stat_2026120309", "0900", "Shop.Web", "Shop.Order", "create", "10.0.0.1", 90, 5, 5, 900),
            Call("tars_stat_2026120309", "0900", "Shop.Api", "Shop.Order.OrderObj", "create", "10.0.0.2", 10, 0, 0, 300),
            Call("tars_stat_2026120309", "0905", "Shop.Web", "Shop.Order", "cancel", "10.0.0.1", 4, 0, 0, 8),
            Call("tars_stat_2026120309", "0905", "Shop.Web", "Shop.Orders", "create", "10.0.0.1", 1000, 0, 0, 1000),
            Call("tars_stat_2026120310", "1000", "Shop.Web", "Shop.Order", "create", "10.0.0.1", 50, 0, 0, 50),
            Call("tars_stat_2026120310", "1055", "Shop.Web", "Shop.Order", "create", "10.0.0.1", 7, 0, 0, 7));
        // 11:00 has no table: tarsstat creates one only when a report arrives.
        var range = LogTimeRange.TryCreate(Nine, Nine.AddMinutes(150), out _)!;

        var points = await host.Get<TarsStatisticsService>().CallsAsync(Admin, "Shop", "Order", range);

        Assert.Equal(4, points.Count);
        var first = points[0];
        Assert.Equal((Nine.AddMinutes(5), "cancel"), (points[1].Time, points[1].Interface));
        Assert.Equal((Nine, "create", 100L, 5L, 5L), (first.Time, first.Interface, first.Succeeded, first.TimedOut, first.Failed));
        Assert.Equal(12, first.AverageMs);
        Assert.Equal(10.0 / 110, first.FailureRate, 6);
        Assert.Equal([Nine, Nine.AddMinutes(5), Nine.AddMinutes(60), Nine.AddMinutes(115)], points.Select(p => p.Time));
        Assert.DoesNotContain(points, p => p.Succeeded == 1000);

        var narrow = await host.Get<TarsStatisticsService>().CallsAsync(Admin, "Shop", "Order", LogTimeRange.TryCreate(Nine.AddMinutes(60), Nine.AddMinutes(70), out _)!);
        Assert.Equal(50, Assert.Single(narrow).Succeeded);
    }

    [Fact]
    public async Task Properties_are_combined_across_instances_by_their_policy()
    {
        var (host, _, property) = await HostAsync();
        await using var _host = host;
        await ExecAsync(property, PropertyTable("tars_property_2026120309"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.1", "queue", "Max", "7"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.2", "queue", "Max", "3"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.1", "orders", "Sum", "10"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.2", "orders", "Sum", "5"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.1", "latency", "Avg", "10"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.2", "latency", "Avg", "20"),
            Property("tars_property_2026120309", "0900", "Shop.Order", "10.0.0.1", "sizes", "Distr", "0|1,10|2"),
            Property("tars_property_2026120309", "0900", "Shop.Other", "10.0.0.1", "orders", "Sum", "99"));

        var points = await host.Get<TarsStatisticsService>().PropertiesAsync(Admin, "Shop", "Order", LogTimeRange.Around(Nine, TimeSpan.FromMinutes(30)));

        Assert.Equal([("latency", "Avg", 15.0), ("orders", "Sum", 15.0), ("queue", "Max", 7.0)], points.Select(p => (p.Property, p.Policy, p.Value)));
        Assert.All(points, p => Assert.Equal(Nine, p.Time));
    }

    [Fact]
    public async Task A_developer_needs_a_grant_on_the_service_and_an_unconfigured_database_is_said_so()
    {
        var (host, _, _) = await HostAsync();
        await using var _host = host;
        var range = LogTimeRange.Around(Nine, TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<TarsStatisticsService>().CallsAsync(new Caller("dev1"), "Shop", "Order", range));

        await using var bare = await CoreHost.CreateSqliteAsync();
        Assert.False(bare.Get<TarsStatisticsService>().HasCallStatistics);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bare.Get<TarsStatisticsService>().CallsAsync(Admin, "Shop", "Order", range));
        Assert.Contains("TarsStatistics:StatConnectionString", error.Message, StringComparison.Ordinal);
    }
}
