using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Statistics;
using Xunit;

namespace TarsDashboard.Tests.Releases;

/// <summary>How a rollout cuts batches and how the failure-rate gate decides.</summary>
public sealed class RolloutRulesTests
{
    [Theory]
    [InlineData(5, 2, 0, new[] { 2, 2, 1 })]
    [InlineData(5, 0, 40, new[] { 2, 2, 1 })]
    [InlineData(3, 0, 10, new[] { 1, 1, 1 })]
    [InlineData(4, 0, 100, new[] { 4 })]
    [InlineData(4, 0, 0, new[] { 4 })]
    [InlineData(2, 9, 0, new[] { 2 })]
    public void Batches_take_the_size_or_the_share_rounded_up_and_keep_the_order(int count, int size, int percent, int[] expected)
    {
        var items = Enumerable.Range(1, count).ToList();

        var batches = RolloutPlan.Batches(items, size, percent);

        Assert.Equal(expected, batches.Select(b => b.Count));
        Assert.Equal(items, batches.SelectMany(b => b));
    }

    [Fact]
    public void The_failure_gate_fails_only_when_the_upgraded_rate_is_above_the_others_by_more_than_the_margin()
    {
        var others = new CallTotals(980, 10, 10);

        Assert.False(FailureRateGate.Compare(new CallTotals(90, 5, 5), others, 20, 0.01).Passed);
        Assert.True(FailureRateGate.Compare(new CallTotals(97, 1, 2), others, 20, 0.01).Passed);
        Assert.Contains("fewer than 20", FailureRateGate.Compare(new CallTotals(5, 0, 5), others, 20, 0.01).Reason);
        Assert.Contains("no instance is left", FailureRateGate.Compare(new CallTotals(0, 0, 100), null, 20, 0.01).Reason);
        Assert.Equal("10 % of 100 calls failed on the upgraded instances, 2 % of 1000 on the others",
            FailureRateGate.Compare(new CallTotals(90, 5, 5), others, 20, 0.01).Reason);
    }

    [Theory]
    [InlineData("12:0123456789abcdef0123456789abcdef", 12)]
    [InlineData("", null)]
    [InlineData("v1.2", null)]
    [InlineData("abc:def", null)]
    public void The_previous_package_is_read_from_the_patch_version_the_dashboard_writes(string patchVersion, int? expected) =>
        Assert.Equal(expected, ReleaseService.PackageIdOf(patchVersion));
}
