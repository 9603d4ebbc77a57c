using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Framework;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Configs;

/// <summary>Pushing a config file to a tarsnode's instance: tarsAdminRegistry relays <c>tars.loadconfig &lt;file&gt;</c> to the node.</summary>
[Collection("infra")]
public sealed class ConfigPushFrameworkTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Cf" + Guid.NewGuid().ToString("N")[..8];
    private FrameworkTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await FrameworkTestBed.StartAsync(infra);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task The_loadconfig_command_reaches_the_node_for_the_file_and_the_reply_is_the_node_s_result()
    {
        var row = await _bed.SeedServiceAsync(_server);
        var lifecycle = _bed.Host.Get<ServiceLifecycle>();
        var start = await lifecycle.StartAsync(Admin, [row.Id]);
        await lifecycle.WaitAsync(start.TaskNo);
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "present_state active");
        var configs = _bed.Host.Get<ConfigFileService>();
        await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", _server), "app.conf", "<app/>");

        var result = Assert.Single(await configs.PushAsync(Admin, "Test", _server, "app.conf", []));

        Assert.True(result.Outcome == ConfigPushOutcome.Notified, result.Message);
        Assert.Equal(FrameworkTestBed.NodeName, result.NodeName);
        Assert.Contains($"notifyServer Test.{_server} tars.loadconfig app.conf", _bed.Node.Received);
        Assert.Contains("tars.loadconfig app.conf", result.Message);
    }
}
