using System.Globalization;
using Bunit;
using TarsDashboard.Components.Controls;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Statistics;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The service page's Statistics panel over real tarsstat tables on MariaDB.</summary>
[Collection("infra")]
public sealed class TarsStatisticsPanelTests(InfraFixture infra) : DashboardComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private string _stat = "";

    protected override IDictionary<string, string?>? CoreSettings => new Dictionary<string, string?> { ["TarsStatistics:StatConnectionString"] = _stat };

    public override async Task InitializeAsync()
    {
        _stat = await infra.MariaDb.CreateDatabaseAsync($"tars_stat_{Guid.NewGuid():N}"[..24]);
        await base.InitializeAsync();
    }

    [Fact]
    public async Task The_last_hour_s_calls_are_charted_and_totalled_per_interface()
    {
        // Ten minutes ago, in the 5-minute slot tarsstat would have written it (the framework's clock is UTC here).
        var slot = DateTime.UtcNow.AddMinutes(-10);
        slot = slot.AddMinutes(-(slot.Minute % 5));
        var table = "tars_stat_" + slot.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var (date, flag) = (slot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), slot.ToString("HHmm", CultureInfo.InvariantCulture));
        await TarsStatisticsTests.ExecAsync(_stat, TarsStatisticsTests.StatTable(table),
            TarsStatisticsTests.Call(table, flag, "Shop.Web", "Shop.Order", "create", "10.0.0.1", 90, 6, 4, 900, date),
            TarsStatisticsTests.Call(table, flag, "Shop.Web", "Shop.Order", "cancel", "10.0.0.1", 5, 0, 0, 50, date));

        await Core.Get<TarsDashboard.Core.Audit.AuditLog>().RecordAsync(new TarsDashboard.Core.Security.Caller("admin"), "service.publish",
            "Shop.Order on node1", TarsDashboard.Core.Audit.AuditResult.Ok);

        var cut = Render<TarsStatisticsPanel>(p => p.Add(x => x.Application, "Shop").Add(x => x.Server, "Order"));

        cut.WaitForAssertion(() => Assert.Equal("loaded", cut.Find("[data-testid=tars-statistics]").GetAttribute("data-state")), Wait);
        var create = cut.Find("[data-testid=stats-interfaces] tr[data-interface=create]");
        Assert.Equal(["create", "100", "6", "4", 0.1.ToString("P1", CultureInfo.CurrentCulture), 10.0.ToString("N1", CultureInfo.CurrentCulture)], create.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=stats-calls-chart]").GetAttribute("data-points"));
        Assert.NotEmpty(cut.FindAll("[data-testid=stats-calls-chart] svg"));
        // The publish sits beside the numbers it may explain.
        Assert.Contains("published · admin", cut.Find("[data-testid=change-markers] [data-action='service.publish']").TextContent);
        Assert.Equal(["create", "cancel"], cut.FindAll("[data-testid=stats-interfaces] tr[data-interface]").Select(r => r.GetAttribute("data-interface")));
    }
}
