using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>
/// One rule for <c>setting_state</c>, whoever records a state: it is what an operator asked for (start and restart want
/// the instance running, stop does not), and what an engine merely saw never changes it.
/// </summary>
public sealed class ServiceStateWriterTests
{
    [Theory]
    [InlineData(ServiceCommands.Start, "active")]
    [InlineData(ServiceCommands.Restart, "active")]
    [InlineData(ServiceCommands.Stop, "inactive")]
    [InlineData(null, null)]
    public void The_setting_follows_the_command_and_an_observation_keeps_it(string? command, string? setting) =>
        Assert.Equal(setting, ServiceStateWriter.SettingStateAfter(command));

    [Fact]
    public async Task A_crash_seen_by_the_engine_keeps_the_wish_to_run_and_a_stop_clears_it()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var servers = host.Get<ServerConfRepository>();
        var row = new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "10.0.0.9", TemplateName = "tars.default", Profile = "",
            RunType = RunTypes.Container, SettingState = "inactive", PresentState = "inactive",
        };
        await servers.InsertAsync(row);
        var writer = host.Get<ServiceStateWriter>();

        // A start that exits right after it began: the operator still wants it running (as tarsAdminRegistry records it).
        Assert.True(await writer.WriteAsync(row, PresentStates.Inactive, 0, ServiceCommands.Start, "admin"));
        Assert.Equal(("active", "inactive"), await StatesAsync());

        Assert.True(await writer.WriteAsync(row, PresentStates.Active, 42, command: null, "engine"));
        Assert.True(await writer.WriteAsync(row, PresentStates.Inactive, 0, command: null, "engine"));
        Assert.Equal(("active", "inactive"), await StatesAsync());

        Assert.True(await writer.WriteAsync(row, PresentStates.Inactive, 0, ServiceCommands.Stop, "admin"));
        Assert.Equal(("inactive", "inactive"), await StatesAsync());

        async Task<(string?, string?)> StatesAsync() =>
            (await servers.GetAsync(row.Id)) is { } now ? (now.SettingState, now.PresentState) : (null, null);
    }
}
