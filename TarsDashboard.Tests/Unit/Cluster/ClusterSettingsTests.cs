using Microsoft.Extensions.Configuration;
using TarsDashboard.Core.Cluster;
using Xunit;

namespace TarsDashboard.Tests.Cluster;

/// <summary>The <c>Cluster:*</c> and <c>Instance:Id</c> settings.</summary>
public sealed class ClusterSettingsTests
{
    [Fact]
    public void The_defaults_are_valid_and_a_dead_leader_is_replaced_within_ten_seconds()
    {
        var defaults = new ClusterOptions();
        Assert.True(defaults.IsValid());
        Assert.True(defaults.LeaseSeconds + defaults.PollSeconds <= 10);
    }

    [Theory]
    [InlineData(1, 0.5, 3, 20)]   // a lease shorter than two seconds
    [InlineData(8, 8, 3, 20)]     // polling no faster than the lease runs out
    [InlineData(8, 0, 3, 20)]
    [InlineData(8, 2, 3, 6)]      // a task taken for dead after two missed heartbeats
    [InlineData(8, 2, 0, 20)]
    public void Settings_that_would_lose_the_lead_or_tasks_are_refused(int lease, double poll, double heartbeat, int stale) =>
        Assert.False(new ClusterOptions { LeaseSeconds = lease, PollSeconds = poll, TaskHeartbeatSeconds = heartbeat, TaskStaleSeconds = stale }.IsValid());

    [Fact]
    public void The_instance_id_is_the_setting_or_machine_process_and_a_random_suffix()
    {
        Assert.Equal("dash-1", new InstanceIdentity(Config(("Instance:Id", " dash-1 "))).Id);

        var first = new InstanceIdentity(Config()).Id;
        var second = new InstanceIdentity(Config()).Id;
        Assert.StartsWith($"{Environment.MachineName}-{Environment.ProcessId}-", first, StringComparison.Ordinal);
        // A restarted process (or a second host in one) is never taken for the one before it.
        Assert.NotEqual(first, second);
        Assert.Equal(InstanceIdentity.MaxLength, new InstanceIdentity(new string('x', 300)).Id.Length);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
