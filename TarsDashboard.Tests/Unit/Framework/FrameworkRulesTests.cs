using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Node;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>The pure rules of the delegation: task numbers, the TaskReq as the web platform builds it, readable failures.</summary>
public sealed class FrameworkRulesTests
{
    [Fact]
    public void Delegated_task_numbers_fit_t_task_and_are_not_taken_for_the_dashboard_s_own_tasks()
    {
        var taskNo = FrameworkTaskNumbers.NewTaskNo(TimeProvider.System);

        Assert.True(taskNo.Length <= 40);
        Assert.True(FrameworkTaskNumbers.ItemNo(taskNo, 999).Length <= 40);
        // InterruptedTaskRecovery marks unfinished items of tasks starting with TaskNumbers.Prefix as failed at start-up.
        Assert.False(taskNo.StartsWith(TaskNumbers.Prefix, StringComparison.Ordinal));
        Assert.True(FrameworkTaskNumbers.IsDelegated(taskNo));
    }

    [Fact]
    public void A_task_request_has_one_item_per_instance_with_the_web_platform_s_fields()
    {
        var task = FrameworkTaskRequests.NewTask("a-very-long-user-name-indeed", serial: true, TimeProvider.System);
        var rows = new[]
        {
            new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "10.0.0.1", SetName = "s.a.1" },
            new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "10.0.0.2" },
        };

        var request = FrameworkTaskRequests.Build(task, TaskCommand.Patch, rows, row => new Dictionary<string, string> { ["patch_id"] = row.NodeName });

        Assert.Equal("a-very-long-user-nam", task.UserName);
        Assert.Equal((task.TaskNo, true, "a-very-long-user-nam", false, 1), (request.TaskNo, request.Serial, request.UserName, request.IsElegant, request.EachNum));
        Assert.Equal([(task.TaskNo + "-0", "10.0.0.1", ""), (task.TaskNo + "-1", "10.0.0.2", "")],
            request.TaskItemReq.Select(i => (i.ItemNo, i.NodeName, i.SetName)));
        Assert.All(request.TaskItemReq, i => Assert.Equal((task.TaskNo, "Test", "Hello", "patch_tars", "a-very-long-user-nam"),
            (i.TaskNo, i.Application, i.ServerName, i.Command, i.UserName)));
        Assert.Equal("10.0.0.2", request.TaskItemReq[1].Parameters["patch_id"]);
    }

    [Theory]
    [InlineData("startServer_inner 'A.S_n1' TarsNodeNotRegistryException:node 'n1' not registered  or heartbeart timeout,please check for it",
        "node n1 is not registered with the Tars framework, or its tarsnode stopped sending heartbeats")]
    [InlineData("stopServer_inner 'A.S_n1' TarsSyncCallTimeoutException:call node timeout", "the tarsnode on node n1 did not answer tarsAdminRegistry in time")]
    [InlineData("load patch info from database error, patchId:7", "tarsAdminRegistry found no package for this publish in t_server_patchs")]
    [InlineData("tarspatch preparePatchFile error:/up/A/S/x.tgz not exists!", "tarspatch could not prepare the package")]
    [InlineData("error:server start error: /usr/local/app/tars/tarsnode/data/A.S/bin/S is not exist.", null)]
    public void A_failed_item_s_log_is_explained_in_words(string log, string? reason) =>
        Assert.Equal(reason, AdminRegistryFailures.Explain(log, "n1"));

    [Theory]
    [InlineData(TarsErrCode.NodeNotRegistered, "not registered")]
    [InlineData(TarsErrCode.NodeNoConnection, "no connection to the tarsnode on node n1")]
    [InlineData(TarsErrCode.CallNodeTimeout, "did not answer")]
    [InlineData(TarsErrCode.LoadServiceDescError, "no configuration")]
    [InlineData(TarsErrCode.PrepareError, "tarspatch")]
    [InlineData(4242, "code 4242")]
    public void Result_codes_read_as_reasons(int code, string part) =>
        Assert.Contains(part, AdminRegistryFailures.Describe(code, "n1"));

    [Theory]
    [InlineData("Active", PresentStates.Active)]
    [InlineData("Activating", PresentStates.Activating)]
    [InlineData("Deactivating", PresentStates.Deactivating)]
    [InlineData("Inactive", PresentStates.Inactive)]
    [InlineData("Destroyed", PresentStates.Destroyed)]
    [InlineData("", null)]
    public void Tarsnode_s_state_names_map_to_present_state_values(string nodeState, string? presentState) =>
        Assert.Equal(presentState, FrameworkStateReader.ToPresentState(nodeState));
}
