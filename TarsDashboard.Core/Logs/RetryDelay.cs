namespace TarsDashboard.Core.Logs;

/// <summary>Exponential back-off between reconnects: 0.5 s doubling up to a cap, back to the start after a success.</summary>
internal sealed class RetryDelay(TimeSpan max)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);

    private TimeSpan _next = First;

    public TimeSpan Next()
    {
        var delay = _next < max ? _next : max;
        _next = delay * 2;
        return delay;
    }

    public void Reset() => _next = First;
}
