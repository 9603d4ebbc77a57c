using Bunit;
using Microsoft.Data.Sqlite;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>What a page says when its data could not load: each kind of trouble in its own words, always with a Retry.</summary>
public sealed class LoadFailedAlertTests : DashboardComponentTest
{
    [Fact]
    public void A_database_outage_says_the_database_is_not_reachable()
    {
        var cut = RenderFor(new SqliteException("unable to open database file", 14));

        Assert.Equal("DatabaseUnavailable", cut.Find("[data-failure]").GetAttribute("data-failure"));
        Assert.Contains("The database is not reachable", cut.Markup);
    }

    [Fact]
    public void A_node_or_framework_that_does_not_answer_says_so_with_the_frameworks_reason()
    {
        var node = RenderFor(new TarsUnreachableException("tars.tarsnode.NodeObj", "ping", "connection refused"));
        Assert.Equal("NodeUnreachable", node.Find("[data-failure]").GetAttribute("data-failure"));
        Assert.Contains("did not answer", node.Markup);
        Assert.DoesNotContain("database", node.Markup, StringComparison.OrdinalIgnoreCase);

        var framework = RenderFor(new FrameworkUnreachableException("tarsregistry at 10.0.0.1:17890 timed out"));
        Assert.Contains("The Tars framework is unreachable: tarsregistry at 10.0.0.1:17890 timed out.", framework.Markup);
    }

    [Fact]
    public void A_bug_says_something_went_wrong_with_the_correlation_id_the_log_carries()
    {
        var bug = new InvalidCastException("not a row");
        var cut = RenderFor(bug);

        Assert.Equal("Bug", cut.Find("[data-failure]").GetAttribute("data-failure"));
        Assert.Contains($"Something went wrong — the details are in the log (correlation id {ErrorPolicy.Classify(bug).CorrelationId}).", cut.Markup);
        Assert.DoesNotContain("database", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Retry_is_named_for_what_it_reloads_and_runs_the_load_again()
    {
        var retries = 0;
        var cut = Render<LoadFailedAlert>(p => p
            .Add(a => a.Failure, ErrorPolicy.Classify(new SqliteException("busy", 5)))
            .Add(a => a.RetryLabel, "Reload the image list")
            .Add(a => a.OnRetry, () => retries++));

        cut.Find("button[aria-label='Reload the image list']").Click();

        Assert.Equal(1, retries);
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public void Nothing_shows_without_a_failure()
    {
        var cut = Render<LoadFailedAlert>(p => p.Add(a => a.RetryLabel, "Reload"));

        Assert.Empty(cut.Markup.Trim());
    }

    private IRenderedComponent<LoadFailedAlert> RenderFor(Exception exception) => Render<LoadFailedAlert>(p => p
        .Add(a => a.Failure, ErrorPolicy.Classify(exception))
        .Add(a => a.RetryLabel, "Reload"));
}
