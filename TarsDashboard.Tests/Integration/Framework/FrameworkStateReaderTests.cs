using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>What the service page shows for an instance on a tarsnode-managed node: tarsAdminRegistry's getServerState.</summary>
[Collection("infra")]
public sealed class FrameworkStateReaderTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Fs" + Guid.NewGuid().ToString("N")[..8];
    private FrameworkTestBed _bed = null!;

    private FrameworkStateReader Reader => _bed.Host.Get<FrameworkStateReader>();

    public async Task InitializeAsync() => _bed = await FrameworkTestBed.StartAsync(infra);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_running_container_instance_shows_tarsnode_s_state_and_the_container_s_pid()
    {
        var row = await _bed.SeedServiceAsync(_server);
        var lifecycle = _bed.Host.Get<FrameworkLifecycle>();
        await lifecycle.WaitAsync((await lifecycle.StartAsync(Admin, [row])).TaskNo);
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "present_state active");

        var state = await Reader.GetAsync(Admin, (await _bed.ReloadAsync(row))!);

        Assert.True(state.IsComplete, state.Problem);
        Assert.Equal(("active", PresentStates.Active, PresentStates.Active, "Active"),
            (state.SettingState, state.PresentState, state.PresentStateInRegistry, state.PresentStateInNode));
        Assert.Equal((await _bed.ReloadAsync(row))!.ProcessId, state.ProcessId);
        Assert.True(state.ProcessId > 0);
    }

    [Fact]
    public async Task A_stopped_instance_shows_inactive_from_the_node()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);

        var state = await Reader.GetAsync(Admin, row);

        Assert.True(state.IsComplete, state.Problem);
        Assert.Equal((PresentStates.Inactive, "Inactive", 0), (state.PresentState, state.PresentStateInNode, state.ProcessId));
    }

    [Fact]
    public async Task A_node_whose_heartbeat_timed_out_shows_the_registry_s_state_and_says_why()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);
        var lifecycle = _bed.Host.Get<FrameworkLifecycle>();
        await lifecycle.WaitAsync((await lifecycle.StartAsync(Admin, [row])).TaskNo);
        await _bed.Node.ExpireAsync();

        var state = await Reader.GetAsync(Admin, (await _bed.ReloadAsync(row))!);

        Assert.Equal($"node {FrameworkTestBed.NodeName} is not registered with the Tars framework, or its tarsnode stopped sending heartbeats", state.Problem);
        Assert.Equal(("active", PresentStates.Inactive, ""), (state.SettingState, state.PresentState, state.PresentStateInNode));
    }

    [Fact]
    public async Task A_registered_node_without_a_connection_to_the_admin_registry_says_so()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);
        _bed.Node.IsConnected = false;

        var state = await Reader.GetAsync(Admin, row);

        Assert.Equal($"tarsAdminRegistry has no connection to the tarsnode on node {FrameworkTestBed.NodeName}", state.Problem);
        Assert.Equal(PresentStates.Inactive, state.PresentState);
    }

    [Fact]
    public async Task With_the_framework_down_the_row_s_own_state_is_shown_with_framework_unreachable()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);
        await _bed.Framework.DownAsync();

        var state = await Reader.GetAsync(Admin, row);

        Assert.StartsWith("framework unreachable: ", state.Problem);
        Assert.Equal((row.SettingState, row.PresentState, row.ProcessId), (state.SettingState, state.PresentState, state.ProcessId));
        _bed.Framework.Up();
    }

    [Fact]
    public async Task A_caller_who_may_not_view_the_service_is_denied_before_the_framework_is_asked()
    {
        var row = await _bed.SeedServiceAsync(_server, RunTypes.Native);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Reader.GetAsync(new Caller("nobody"), row));

        Assert.Empty(_bed.Framework.AdminRegistry.Server.Calls);
    }
}
