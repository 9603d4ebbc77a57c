using Bunit;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The lifecycle buttons say why they are off: a native service on the dashboard's node, or a node in conflict.</summary>
public sealed class ServiceLifecycleBarTests : DashboardComponentTest
{
    [Theory]
    [InlineData(NodeManagement.Engine, null, RunTypes.Container, null)]
    // A tarsnode's instances, native or container, are operated through tarsAdminRegistry: the buttons are on.
    [InlineData(NodeManagement.Tarsnode, null, RunTypes.Container, null)]
    [InlineData(NodeManagement.Tarsnode, null, RunTypes.Native, null)]
    [InlineData(NodeManagement.Engine, 2, RunTypes.Container, "Test.Hello on n1: a tarsnode sends heartbeats for this node (last ")]
    [InlineData(NodeManagement.Engine, null, RunTypes.Native, "Native services are started and stopped by tarsnode")]
    public async Task The_buttons_are_off_with_the_reason_where_the_dashboard_does_not_run_the_instance(
        string management, int? heartbeatSecondsAgo, string runType, string? reason)
    {
        await Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "n1", Endpoint = "unix:///nowhere.sock", Management = management, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        if (heartbeatSecondsAgo is { } ago)
        {
            await TarsnodeTraces.SetHeartbeatAsync(Core.Get<TarsDatabase>(), "n1", ago);
        }

        var row = new ServerConfRow { Id = 1, Application = "Test", ServerName = "Hello", NodeName = "n1", RunType = runType };

        var cut = Render<ServiceLifecycleBar>(p => p.Add(x => x.Row, row).Add(x => x.MayOperate, true));

        if (reason is null)
        {
            cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=service-start]").HasAttribute("disabled")));
            Assert.Empty(cut.FindAll("[data-testid=lifecycle-disabled-reason]"));
        }
        else
        {
            cut.WaitForAssertion(() => Assert.StartsWith(reason, cut.Find("[data-testid=lifecycle-disabled-reason]").TextContent.Trim()));
            Assert.All(cut.FindAll("[data-testid=service-start], [data-testid=service-stop], [data-testid=service-restart]"),
                b => Assert.True(b.HasAttribute("disabled")));
        }
    }

    [Fact]
    public async Task On_a_tarsnodes_node_with_no_framework_known_the_bar_says_why_tarsnodes_state_is_unknown_and_start_offers_a_retry()
    {
        await Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "n1", Management = NodeManagement.Tarsnode, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        var row = new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1", RunType = RunTypes.Native, PresentState = "active" };
        row.Id = await Core.Get<TarsDatabase>().InsertAsync(
            "INSERT INTO t_server_conf (application, server_name, node_name, run_type, setting_state, present_state, server_type) " +
            "VALUES ('Test', 'Hello', 'n1', '', 'active', 'active', 'tars_cpp')", new { });

        var cut = Render<ServiceLifecycleBar>(p => p.Add(x => x.Row, row).Add(x => x.MayOperate, true));

        cut.WaitForAssertion(() => Assert.Contains("no framework is known", cut.Find("[data-testid=tarsnode-state-problem]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=tarsnode-state-refresh]").GetAttribute("aria-label"));
        cut.Find("[data-testid=service-start]").Click();
        cut.WaitForAssertion(() => Assert.Contains("framework", cut.Find("[data-testid=lifecycle-error]").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Retry", cut.Find("[data-testid=lifecycle-retry]").TextContent.Trim());
        Assert.Empty(await Core.Get<TarsDatabase>().QueryAsync<string>("SELECT task_no FROM t_task", new { }));
    }
}
