using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogSourceSearchTests
{
    [Theory]
    [InlineData("hello", "Demo.HelloServer")]
    [InlineData("dhs", "Demo.HelloServer")]
    [InlineData("HELLO", "demo.helloserver")]
    [InlineData("", "anything")]
    [InlineData("  ", "anything")]
    public void A_subsequence_matches_ignoring_case(string query, string label) =>
        Assert.NotNull(LogSourceSearch.Score(query, label));

    [Theory]
    [InlineData("xyz", "Demo.HelloServer")]
    [InlineData("olleh", "hello")]
    [InlineData("helloo", "hello")]
    public void Characters_out_of_order_or_missing_do_not_match(string query, string label) =>
        Assert.Null(LogSourceSearch.Score(query, label));

    [Fact]
    public void A_prefix_scores_above_the_same_text_inside_a_word()
    {
        Assert.True(LogSourceSearch.Score("node", "node2") > LogSourceSearch.Score("node", "tarsnode"));
    }

    [Fact]
    public void Word_starts_score_above_scattered_letters()
    {
        Assert.True(LogSourceSearch.Score("hs", "Demo.HelloServer") > LogSourceSearch.Score("hs", "Demo.phpaths"));
    }

    [Fact]
    public void A_consecutive_run_scores_above_a_gapped_match()
    {
        Assert.True(LogSourceSearch.Score("sql", "mysql") > LogSourceSearch.Score("sql", "mysaqbl"));
    }

    [Fact]
    public void Filter_drops_misses_and_puts_the_best_first_keeping_order_on_ties()
    {
        string[] labels = ["tarsnode", "Demo.HelloServer", "node-exporter", "redis", "nginx-b", "nginx-a"];
        Assert.Equal(["node-exporter", "tarsnode"], LogSourceSearch.Filter("node", labels, l => l));
        Assert.Equal(["nginx-b", "nginx-a"], LogSourceSearch.Filter("nginx", labels, l => l));
        Assert.Equal(labels, LogSourceSearch.Filter("", labels, l => l));
    }
}
