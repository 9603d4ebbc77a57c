using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

/// <summary>The ownership rule and the lifecycle's one refusal as pure logic.</summary>
public sealed class NodeOwnershipTests
{
    [Theory]
    [InlineData(NodeManagement.Engine, false, InstanceOwner.Dashboard)]
    [InlineData(NodeManagement.Engine, true, InstanceOwner.Conflict)]
    [InlineData(NodeManagement.Tarsnode, false, InstanceOwner.Tarsnode)]
    [InlineData(NodeManagement.Tarsnode, true, InstanceOwner.Tarsnode)]
    [InlineData(null, false, InstanceOwner.Dashboard)]
    [InlineData(null, true, InstanceOwner.Tarsnode)]
    public void The_owner_follows_the_registered_kind_and_a_fresh_heartbeat(string? management, bool fresh, InstanceOwner owner) =>
        Assert.Equal(owner, NodeOwnership.Decide(management, fresh));

    [Fact]
    public void The_lifecycle_refusal_names_the_instance_and_puts_the_owner_before_the_run_mode()
    {
        var native = new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1", RunType = RunTypes.Native };
        var container = new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1", RunType = RunTypes.Container };
        var beat = new NodeHeartbeat("n1", new DateTime(2026, 12, 2, 21, 29, 56), 3, "active", IsFresh: true);

        Assert.Null(ServiceLifecycle.Refusal(container, new NodeOwnership("n1", NodeManagement.Engine, null)));
        Assert.Equal("Service.Lifecycle.Native", ServiceLifecycle.Refusal(native, new NodeOwnership("n1", NodeManagement.Engine, null))?.Code);
        // A tarsnode's instance is no refusal: it goes through tarsAdminRegistry, native or not.
        Assert.Null(ServiceLifecycle.Refusal(native, new NodeOwnership("n1", NodeManagement.Tarsnode, null)));
        var conflict = ServiceLifecycle.Refusal(container, new NodeOwnership("n1", NodeManagement.Engine, beat))!;
        Assert.Equal(("Service.Lifecycle.Conflict", "21:29:56"), (conflict.Code, conflict.Arguments[2]));
        Assert.StartsWith("Test.Hello on n1: a tarsnode sends heartbeats for this node (last 21:29:56)", conflict.Message);
    }

    [Fact]
    public void The_dashboard_recognises_the_labels_it_puts_on_its_own_containers()
    {
        var server = new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1", RunType = RunTypes.Container };
        var merged = TarsConfigMerger.MergeChain([TarsConfigParser.Parse(DefaultTemplate.Profile).Document!]);

        var spec = ContainerSpecBuilder.Build(server, merged, null, "busybox:1");

        Assert.True(ServiceContainerLabels.AreOnContainer(spec.Labels.ToDictionary(l => l.Key, l => l.Value)));
        Assert.False(ServiceContainerLabels.AreOnContainer(new Dictionary<string, string>()));
        Assert.False(ServiceContainerLabels.AreOnContainer(null));
        Assert.False(ServiceContainerLabels.AreOnContainer(new Dictionary<string, string> { ["tars.role"] = "tarsnode" }));
    }
}
