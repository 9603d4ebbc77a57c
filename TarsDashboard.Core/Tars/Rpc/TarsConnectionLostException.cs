namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>
/// The connection closed (the peer went away, or sent something that cannot be a reply, such as a packet over the
/// size limit) while the call waited. The call may or may not have run on the server.
/// </summary>
public sealed class TarsConnectionLostException(string servant, string function, string message, Exception? inner = null)
    : TarsCallException(servant, function, message, inner);
