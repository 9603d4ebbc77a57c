namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>Inside the pool: the connection a call used has closed; the pool turns it into a public exception or a retry.</summary>
internal sealed class TarsConnectionClosedException(Exception reason, bool requestWasSent)
    : IOException(reason.Message, reason)
{
    /// <summary>False when the request never left, so sending it on a new connection cannot run it twice.</summary>
    public bool RequestWasSent { get; } = requestWasSent;
}
