namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>The call was sent but no reply came within its timeout; a reply arriving later is dropped.</summary>
public sealed class TarsTimeoutException(string servant, string function, TimeSpan timeout, string endpoint)
    : TarsCallException(servant, function,
        $"{servant}.{function} on {endpoint} timed out: no reply within {timeout.TotalMilliseconds:0} ms.")
{
    public TimeSpan Timeout { get; } = timeout;
}
