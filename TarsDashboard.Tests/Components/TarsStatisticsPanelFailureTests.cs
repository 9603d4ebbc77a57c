using Bunit;
using TarsDashboard.Components.Controls;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>A statistics database that does not answer is a state on the panel with Retry, not a crash.</summary>
public sealed class TarsStatisticsPanelFailureTests : DashboardComponentTest
{
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    protected override IDictionary<string, string?>? CoreSettings => new Dictionary<string, string?>
    {
        ["TarsStatistics:StatConnectionString"] = "Server=127.0.0.1;Port=1;User ID=root;Password=x;Database=tars_stat;Connection Timeout=2",
    };

    [Fact]
    public void A_statistics_database_that_does_not_answer_is_a_state_with_retry()
    {
        var cut = Render<TarsStatisticsPanel>(p => p.Add(x => x.Application, "Shop").Add(x => x.Server, "Order"));

        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid=tars-statistics]").GetAttribute("data-state")), TimeSpan.FromSeconds(10));
        Assert.Equal("Retry loading the statistics", cut.Find("[data-testid=stats-failed] button").GetAttribute("aria-label"));
        Assert.Contains("database is not reachable", cut.Find("[data-testid=stats-failed]").TextContent, StringComparison.Ordinal);
    }
}
