using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Node;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>
/// tarsAdminRegistry's <c>tars.tarsAdminRegistry.AdminRegObj</c> (framework/AdminReg.tars <c>AdminReg</c>): what the
/// Tars web platform calls to run tasks, start/stop/notify servers, read their state and their log files.
/// Parameters are written at tags 1..n in IDL order; out parameters are read at their own position's tag.
/// </summary>
public sealed class AdminRegistryClient(TarsConnectionPool pool, TarsObjectRef target, TimeSpan? timeout = null)
    : TarsServantClient(pool, target, timeout)
{
    public const string Servant = "tars.tarsAdminRegistry.AdminRegObj";

    /// <summary><c>int addTaskReq(TaskReq taskReq)</c>: queues a batch task; poll it with <see cref="GetTaskRspAsync"/>.</summary>
    public async Task<int> AddTaskReqAsync(TaskReq task, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("addTaskReq", w => w.WriteStruct(1, task), cancellationToken).ConfigureAwait(false);
        return reply.ReadInt(0, required: true);
    }

    /// <summary><c>int getTaskRsp(string taskNo, out TaskRsp taskRsp)</c>.</summary>
    public async Task<TaskRspResult> GetTaskRspAsync(string taskNo, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getTaskRsp", w => w.WriteString(1, taskNo), cancellationToken).ConfigureAwait(false);
        return new TaskRspResult(reply.ReadInt(0, required: true), reply.ReadOptionalStruct<TaskRsp>(2) ?? new TaskRsp());
    }

    /// <summary><c>int getTaskHistory(string application, string serverName, string command, out vector&lt;TaskRsp&gt; taskRsps)</c>.</summary>
    public async Task<TaskHistoryResult> GetTaskHistoryAsync(string application, string serverName, string command,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getTaskHistory", w =>
        {
            w.WriteString(1, application);
            w.WriteString(2, serverName);
            w.WriteString(3, command);
        }, cancellationToken).ConfigureAwait(false);
        return new TaskHistoryResult(reply.ReadInt(0, required: true), reply.ReadStructList<TaskRsp>(4, required: false));
    }

    /// <summary>
    /// <c>int getServerState(string application, string serverName, string nodeName, out ServerStateDesc state, out string result)</c>.
    /// </summary>
    public async Task<ServerStateResult> GetServerStateAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getServerState", w => WriteServer(w, application, serverName, nodeName), cancellationToken)
            .ConfigureAwait(false);
        return new ServerStateResult(
            reply.ReadInt(0, required: true),
            reply.ReadOptionalStruct<ServerStateDesc>(4) ?? new ServerStateDesc(),
            reply.ReadString(5, required: false));
    }

    /// <summary><c>int startServer(string application, string serverName, string nodeName, out string result)</c>.</summary>
    public Task<CommandResult> StartServerAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default) =>
        ServerCommandAsync("startServer", application, serverName, nodeName, cancellationToken);

    /// <summary><c>int stopServer(string application, string serverName, string nodeName, out string result)</c>.</summary>
    public Task<CommandResult> StopServerAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default) =>
        ServerCommandAsync("stopServer", application, serverName, nodeName, cancellationToken);

    /// <summary><c>int restartServer(string application, string serverName, string nodeName, out string result)</c>.</summary>
    public Task<CommandResult> RestartServerAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default) =>
        ServerCommandAsync("restartServer", application, serverName, nodeName, cancellationToken);

    /// <summary><c>int loadServer(string application, string serverName, string nodeName, out string result)</c>: tarsnode re-reads the server.</summary>
    public Task<CommandResult> LoadServerAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default) =>
        ServerCommandAsync("loadServer", application, serverName, nodeName, cancellationToken);

    /// <summary>
    /// <c>int notifyServer(string application, string serverName, string nodeName, string command, out string result)</c>:
    /// the command reaches the service's own AdminObj through its tarsnode.
    /// </summary>
    public async Task<CommandResult> NotifyServerAsync(string application, string serverName, string nodeName, string command,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("notifyServer", w =>
        {
            WriteServer(w, application, serverName, nodeName);
            w.WriteString(4, command);
        }, cancellationToken).ConfigureAwait(false);
        return new CommandResult(reply.ReadInt(0, required: true), reply.ReadString(5, required: false));
    }

    /// <summary><c>int batchPatch(PatchRequest req, out string result)</c> (TarsWeb publishes through a task instead).</summary>
    public async Task<CommandResult> BatchPatchAsync(PatchRequest request, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("batchPatch", w => w.WriteStruct(1, request), cancellationToken).ConfigureAwait(false);
        return new CommandResult(reply.ReadInt(0, required: true), reply.ReadString(2, required: false));
    }

    /// <summary><c>int getPatchPercent(string application, string serverName, string nodeName, out PatchInfo tPatchInfo)</c>.</summary>
    public async Task<PatchPercentResult> GetPatchPercentAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getPatchPercent", w => WriteServer(w, application, serverName, nodeName), cancellationToken)
            .ConfigureAwait(false);
        return new PatchPercentResult(reply.ReadInt(0, required: true), reply.ReadOptionalStruct<PatchInfo>(4) ?? new PatchInfo());
    }

    /// <summary><c>int getLogFileList(string application, string serverName, string nodeName, out vector&lt;string&gt; logFileList)</c>.</summary>
    public async Task<LogFileListResult> GetLogFileListAsync(string application, string serverName, string nodeName,
        CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getLogFileList", w => WriteServer(w, application, serverName, nodeName), cancellationToken)
            .ConfigureAwait(false);
        return new LogFileListResult(reply.ReadInt(0, required: true), reply.ReadStringList(4, required: false));
    }

    /// <summary>
    /// <c>int getLogData(string application, string serverName, string nodeName, string logFile, string cmd, out string fileData)</c>.
    /// tarsnode runs <paramref name="cmd"/> through a shell: callers must build it from fixed parts only.
    /// </summary>
    public async Task<LogDataResult> GetLogDataAsync(string application, string serverName, string nodeName, string logFile,
        string cmd, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getLogData", w =>
        {
            WriteServer(w, application, serverName, nodeName);
            w.WriteString(4, logFile);
            w.WriteString(5, cmd);
        }, cancellationToken).ConfigureAwait(false);
        return new LogDataResult(reply.ReadInt(0, required: true), reply.ReadString(6, required: false));
    }

    /// <summary><c>vector&lt;string&gt; getAllNodeNames(out string result)</c>.</summary>
    public async Task<NodeNamesResult> GetAllNodeNamesAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getAllNodeNames", NoArguments, cancellationToken).ConfigureAwait(false);
        return new NodeNamesResult(reply.ReadStringList(0, required: true), reply.ReadString(1, required: false));
    }

    /// <summary><c>bool pingNode(string name, out string result)</c>.</summary>
    public async Task<PingResult> PingNodeAsync(string nodeName, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("pingNode", w => w.WriteString(1, nodeName), cancellationToken).ConfigureAwait(false);
        return new PingResult(reply.ReadBool(0, required: true), reply.ReadString(2, required: false));
    }

    /// <summary><c>int getVersion(out string version)</c>.</summary>
    public async Task<VersionResult> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getVersion", NoArguments, cancellationToken).ConfigureAwait(false);
        return new VersionResult(reply.ReadInt(0, required: true), reply.ReadString(1, required: false));
    }

    private async Task<CommandResult> ServerCommandAsync(string function, string application, string serverName, string nodeName,
        CancellationToken cancellationToken)
    {
        var reply = await CallAsync(function, w => WriteServer(w, application, serverName, nodeName), cancellationToken)
            .ConfigureAwait(false);
        return new CommandResult(reply.ReadInt(0, required: true), reply.ReadString(4, required: false));
    }

    /// <summary>The (application, serverName, nodeName) that most AdminReg methods start with, at tags 1-3.</summary>
    private static void WriteServer(TarsWriter writer, string application, string serverName, string nodeName)
    {
        writer.WriteString(1, application);
        writer.WriteString(2, serverName);
        writer.WriteString(3, nodeName);
    }
}
