using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>How a list page tracks its access check and loads: the "not reachable" alert and a grant taken away.</summary>
public sealed class PageLoadStateTests
{
    private static readonly AccessDeniedException Denied = new(new Caller("ann"), Permission.ManageUsers, AccessTarget.Global);

    [Fact]
    public async Task A_failed_access_check_shows_the_alert_and_a_passed_load_hides_it()
    {
        var state = new PageLoadState();
        var logged = new List<Exception>();

        Assert.False(await state.CheckAccessAsync(() => throw new TimeoutException("db"), logged.Add));
        Assert.Equal((null, true), (state.Allowed, state.LoadFailed));

        Assert.True(await state.CheckAccessAsync(() => Task.FromResult(true), logged.Add));
        await state.LoadAsync(() => Task.CompletedTask, logged.Add);

        Assert.Equal((true, false), (state.Allowed, state.LoadFailed));
        Assert.Single(logged);
    }

    [Fact]
    public async Task A_refused_load_is_the_pages_to_show_when_it_says_how_and_a_failure_otherwise()
    {
        var state = new PageLoadState { Allowed = true };
        var logged = new List<Exception>();

        await state.LoadAsync(() => throw Denied, logged.Add, onDenied: () => state.Allowed = false);
        Assert.Equal((false, false), (state.Allowed, state.LoadFailed));
        Assert.Empty(logged);

        await state.LoadAsync(() => throw Denied, logged.Add);
        Assert.True(state.LoadFailed);
        Assert.Single(logged);
    }
}
