using TarsDashboard.Core.Images;
using Xunit;

namespace TarsDashboard.Tests.Images;

public sealed class SharedPullsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_second_caller_joins_the_running_pull_instead_of_pulling_again()
    {
        var pulls = new SharedPulls<string, string>();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;

        var first = pulls.RunAsync("busybox@n1", _ => { Interlocked.Increment(ref started); return gate.Task; }, CancellationToken.None);
        var second = pulls.RunAsync("busybox@n1", _ => { Interlocked.Increment(ref started); return gate.Task; }, CancellationToken.None);
        gate.SetResult("sha256:1");

        Assert.Equal("sha256:1", await first.WaitAsync(Patience));
        Assert.Equal("sha256:1", await second.WaitAsync(Patience));
        Assert.Equal(1, started);
    }

    [Fact]
    public async Task The_first_caller_cancelling_leaves_the_joined_pull_running_for_the_others()
    {
        var pulls = new SharedPulls<string, string>();
        var pull = new ControlledPull();
        using var firstCaller = new CancellationTokenSource();

        var first = pulls.RunAsync("busybox@n1", pull.RunAsync, firstCaller.Token);
        var second = pulls.RunAsync("busybox@n1", pull.RunAsync, CancellationToken.None);
        await pull.Started.WaitAsync(Patience);
        await firstCaller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Patience));
        Assert.False(pull.Token.IsCancellationRequested);
        pull.Finish("sha256:1");
        Assert.Equal("sha256:1", await second.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_caller_that_cancels_stops_waiting_at_once_though_the_pull_goes_on()
    {
        var pulls = new SharedPulls<string, string>();
        var pull = new ControlledPull();
        using var impatient = new CancellationTokenSource();

        var patient = pulls.RunAsync("busybox@n1", pull.RunAsync, CancellationToken.None);
        var joined = pulls.RunAsync("busybox@n1", pull.RunAsync, impatient.Token);
        await pull.Started.WaitAsync(Patience);
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joined.WaitAsync(Patience));
        Assert.False(patient.IsCompleted);
        Assert.False(pull.Token.IsCancellationRequested);
        pull.Finish("sha256:1");
        Assert.Equal("sha256:1", await patient.WaitAsync(Patience));
    }

    [Fact]
    public async Task The_pull_is_cancelled_when_every_caller_has_cancelled_and_the_next_caller_starts_a_new_one()
    {
        var pulls = new SharedPulls<string, string>();
        var pull = new ControlledPull();
        using var one = new CancellationTokenSource();
        using var two = new CancellationTokenSource();

        var first = pulls.RunAsync("busybox@n1", pull.RunAsync, one.Token);
        var second = pulls.RunAsync("busybox@n1", pull.RunAsync, two.Token);
        await pull.Started.WaitAsync(Patience);
        await one.CancelAsync();
        await two.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Patience));
        Assert.True(pull.Token.IsCancellationRequested);
        var again = await pulls.RunAsync("busybox@n1", _ => Task.FromResult("sha256:2"), CancellationToken.None).WaitAsync(Patience);
        Assert.Equal("sha256:2", again);
    }

    /// <summary>A pull that waits for the test to finish it (or for its token) and remembers the token it ran under.</summary>
    private sealed class ControlledPull
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<string> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public CancellationToken Token { get; private set; }

        public async Task<string> RunAsync(CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            _started.TrySetResult();
            return await _result.Task.WaitAsync(cancellationToken);
        }

        public void Finish(string imageId) => _result.SetResult(imageId);
    }
}
