namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>No endpoint of the servant accepted a connection (refused, timed out, or no such host).</summary>
public sealed class TarsUnreachableException(string servant, string function, string message, Exception? inner = null)
    : TarsCallException(servant, function, message, inner);
