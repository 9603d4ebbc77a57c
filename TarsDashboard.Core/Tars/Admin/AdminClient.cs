using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Tars.Admin;

/// <summary>
/// A Tars service's own admin servant <c>AdminObj</c> on its <c>local</c> endpoint (servant/AdminF.tars <c>AdminF</c>):
/// what tarsnode calls to notify and to stop a service gracefully.
/// </summary>
public sealed class AdminClient(TarsConnectionPool pool, TarsObjectRef target, TimeSpan? timeout = null)
    : TarsServantClient(pool, target, timeout)
{
    public const string Servant = "AdminObj";

    /// <summary><c>string notify(string command)</c>, e.g. <c>tars.viewstatus</c>, <c>tars.setloglevel DEBUG</c>.</summary>
    public async Task<string> NotifyAsync(string command, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("notify", w => w.WriteString(1, command), cancellationToken).ConfigureAwait(false);
        return reply.ReadString(0, required: true);
    }

    /// <summary><c>void shutdown()</c>: the service stops itself; the reply comes before it exits.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        await CallAsync("shutdown", NoArguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>long getPid()</c>.</summary>
    public async Task<long> GetPidAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("getPid", NoArguments, cancellationToken).ConfigureAwait(false);
        return reply.ReadLong(0, required: true);
    }
}
