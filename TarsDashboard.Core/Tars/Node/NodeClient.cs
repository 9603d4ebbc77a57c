using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Tars.Node;

/// <summary>
/// A tarsnode's own servant <c>tars.tarsnode.NodeObj</c> (framework/Node.tars <c>Node</c>), for what the web
/// platform reads from it directly: a service's log files and its state.
/// </summary>
public sealed class NodeClient(TarsConnectionPool pool, TarsObjectRef target, TimeSpan? timeout = null)
    : TarsServantClient(pool, target, timeout)
{
    public const string Servant = "tars.tarsnode.NodeObj";

    /// <summary><c>int getLogFileList(string application, string serverName, out vector&lt;string&gt; logFileList)</c>.</summary>
    public async Task<LogFileListResult> GetLogFileListAsync(string application, string serverName,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getLogFileList", w =>
        {
            w.WriteString(1, application);
            w.WriteString(2, serverName);
        }, cancellationToken).ConfigureAwait(false);
        return new LogFileListResult(reply.ReadInt(0, required: true), reply.ReadStringList(3, required: false));
    }

    /// <summary>
    /// <c>int getLogData(string application, string serverName, string logFile, string cmd, out string fileData)</c>.
    /// tarsnode runs <paramref name="cmd"/> through a shell with <c>__log_file_name__</c> replaced by the file:
    /// callers must build it from fixed parts only.
    /// </summary>
    public async Task<LogDataResult> GetLogDataAsync(string application, string serverName, string logFile, string cmd,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getLogData", w =>
        {
            w.WriteString(1, application);
            w.WriteString(2, serverName);
            w.WriteString(3, logFile);
            w.WriteString(4, cmd);
        }, cancellationToken).ConfigureAwait(false);
        return new LogDataResult(reply.ReadInt(0, required: true), reply.ReadString(5, required: false));
    }

    /// <summary><c>int getStateInfo(string application, string serverName, out ServerStateInfo info, out string result)</c>.</summary>
    public async Task<StateInfoResult> GetStateInfoAsync(string application, string serverName,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getStateInfo", w =>
        {
            w.WriteString(1, application);
            w.WriteString(2, serverName);
        }, cancellationToken).ConfigureAwait(false);
        return new StateInfoResult(
            reply.ReadInt(0, required: true),
            reply.ReadOptionalStruct<ServerStateInfo>(3) ?? new ServerStateInfo(),
            reply.ReadString(4, required: false));
    }
}
