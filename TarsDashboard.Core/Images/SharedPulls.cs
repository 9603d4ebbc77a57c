namespace TarsDashboard.Core.Images;

/// <summary>
/// One pull per key at a time: a caller asking while a pull runs joins it instead of pulling twice. The pull runs
/// under a token of its own, cancelled only when every caller waiting on it has given up; each caller's wait ends on
/// its own token, so one caller cancelling leaves the others' pull alone.
/// </summary>
internal sealed class SharedPulls<TKey, TResult>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Pull> _running = new();

    /// <summary>Joins the pull running for <paramref name="key"/>, or starts <paramref name="pull"/> when there is none.</summary>
    public async Task<TResult> RunAsync(TKey key, Func<CancellationToken, Task<TResult>> pull, CancellationToken cancellationToken)
    {
        Pull shared;
        lock (_running)
        {
            if (!_running.TryGetValue(key, out shared!))
            {
                shared = new Pull();
                _running[key] = shared;
                // Started off the lock's thread: the pull's first steps are the caller's code, not ours to hold a lock for.
                shared.Task = Task.Run(() => RunToEndAsync(key, shared, pull), CancellationToken.None);
            }

            shared.Waiting++;
        }

        try
        {
            return await shared.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(key, shared);
            throw;
        }
    }

    private async Task<TResult> RunToEndAsync(TKey key, Pull shared, Func<CancellationToken, Task<TResult>> pull)
    {
        try
        {
            return await pull(shared.Cancellation.Token);
        }
        finally
        {
            lock (_running)
            {
                if (_running.TryGetValue(key, out var current) && current == shared)
                {
                    _running.Remove(key);
                }
            }
        }
    }

    private void Leave(TKey key, Pull shared)
    {
        bool last;
        lock (_running)
        {
            last = --shared.Waiting == 0;
            if (last && _running.TryGetValue(key, out var current) && current == shared)
            {
                // Nobody waits any more: a caller arriving now starts afresh rather than joining a pull being cancelled.
                _running.Remove(key);
            }
        }

        if (last)
        {
            // Outside the lock: cancelling runs the pull's callbacks inline.
            shared.Cancellation.Cancel();
        }
    }

    private sealed class Pull
    {
        // Not disposed: it has no timer and no linked parent, so nothing leaks, and a late Cancel must not throw.
        public CancellationTokenSource Cancellation { get; } = new();

        public Task<TResult> Task { get; set; } = null!;

        /// <summary>Callers still waiting; guarded by the dictionary's lock.</summary>
        public int Waiting { get; set; }
    }
}
