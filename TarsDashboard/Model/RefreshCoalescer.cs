namespace TarsDashboard.Model;

/// <summary>
/// Turns a burst of live events into one refresh: the first event schedules it after a short delay and the events
/// that arrive meanwhile join it, so a page does not reload (and re-render) once per event.
/// </summary>
public sealed class RefreshCoalescer(TimeSpan delay)
{
    private int _pending;

    /// <summary>Schedules <paramref name="refresh"/> unless one is already waiting; returns at once.</summary>
    public void Request(Func<Task> refresh)
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        _ = RunAsync(refresh);
    }

    private async Task RunAsync(Func<Task> refresh)
    {
        await Task.Delay(delay);
        Interlocked.Exchange(ref _pending, 0);
        try
        {
            await refresh();
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the refresh waited.
        }
    }
}
