using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Tars.Query;

/// <summary>tarsregistry's locator servant <c>tars.tarsregistry.QueryObj</c> (servant/QueryF.tars <c>QueryF</c>).</summary>
public sealed class QueryClient(TarsConnectionPool pool, TarsObjectRef target, TimeSpan? timeout = null)
    : TarsServantClient(pool, target, timeout)
{
    public const string Servant = "tars.tarsregistry.QueryObj";

    /// <summary><c>vector&lt;EndpointF&gt; findObjectById(string id)</c>: the active endpoints of a servant.</summary>
    public async Task<IReadOnlyList<EndpointF>> FindObjectByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync("findObjectById", w => w.WriteString(1, id), cancellationToken).ConfigureAwait(false);
        return reply.ReadStructList<EndpointF>(0, required: true);
    }

    /// <summary><c>int findObjectById4Any(string id, out vector&lt;EndpointF&gt; activeEp, out vector&lt;EndpointF&gt; inactiveEp)</c>.</summary>
    public Task<FindObjectResult> FindObjectById4AnyAsync(string id, CancellationToken cancellationToken = default) =>
        FindWithInactiveAsync("findObjectById4Any", id, cancellationToken);

    /// <summary><c>int findObjectById4All(string id, out vector&lt;EndpointF&gt; activeEp, out vector&lt;EndpointF&gt; inactiveEp)</c>.</summary>
    public Task<FindObjectResult> FindObjectById4AllAsync(string id, CancellationToken cancellationToken = default) =>
        FindWithInactiveAsync("findObjectById4All", id, cancellationToken);

    private async Task<FindObjectResult> FindWithInactiveAsync(string function, string id, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(function, w => w.WriteString(1, id), cancellationToken).ConfigureAwait(false);
        return new FindObjectResult(
            reply.ReadInt(0, required: true),
            reply.ReadStructList<EndpointF>(2, required: false),
            reply.ReadStructList<EndpointF>(3, required: false));
    }
}
