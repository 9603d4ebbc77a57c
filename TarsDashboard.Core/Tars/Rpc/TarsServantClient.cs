using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>
/// The base of the typed clients: encodes a method's in-parameters at tags 1..n, calls through the shared pool and
/// hands back a reader on the reply (return value at tag 0, out parameters at their parameter tags).
/// </summary>
public abstract class TarsServantClient
{
    private readonly TarsConnectionPool _pool;

    protected TarsServantClient(TarsConnectionPool pool, TarsObjectRef target, TimeSpan? timeout)
    {
        _pool = pool;
        Target = target;
        Timeout = timeout;
    }

    public TarsObjectRef Target { get; }

    /// <summary>Each call's timeout; null means the pool's default.</summary>
    public TimeSpan? Timeout { get; }

    protected async Task<TarsReader> CallAsync(string function, Action<TarsWriter> writeArguments, CancellationToken cancellationToken)
    {
        var writer = new TarsWriter();
        writeArguments(writer);
        var reply = await _pool.InvokeAsync(Target, function, writer.ToArray(), Timeout, cancellationToken).ConfigureAwait(false);
        return new TarsReader(reply);
    }

    protected static void NoArguments(TarsWriter writer)
    {
    }
}
