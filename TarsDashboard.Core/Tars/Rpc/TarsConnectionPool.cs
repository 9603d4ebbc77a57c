using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Tars.Protocol;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>
/// Calls Tars servants: one TCP connection per endpoint, opened on first use and reused by every caller, reopened
/// after the peer closes it. Each call has a timeout (the settings' default or its own) and a cancellation token;
/// failures come out as <see cref="TarsUnreachableException"/>, <see cref="TarsTimeoutException"/>,
/// <see cref="TarsConnectionLostException"/> or <see cref="TarsFrameworkException"/>.
/// </summary>
public sealed class TarsConnectionPool : IAsyncDisposable, IDisposable
{
    /// <summary>The request's iTimeout is an int of milliseconds; a call may not wait longer than that.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly ConcurrentDictionary<(string Host, int Port), EndpointSlot> _slots = new();
    private readonly ConcurrentDictionary<(string Host, int Port), long> _unreachableSince = new();
    private int _lastRequestId;
    private readonly TimeProvider _clock;
    private volatile bool _disposed;

    public TarsConnectionPool(IOptions<FrameworkOptions> options, TimeProvider clock) : this(TarsCallSettings.From(options.Value), clock)
    {
    }

    public TarsConnectionPool(TarsCallSettings settings, TimeProvider? clock = null)
    {
        Settings = settings;
        _clock = clock ?? TimeProvider.System;
    }

    public TarsCallSettings Settings { get; }

    /// <summary>How many connections are open now (one per endpoint in use).</summary>
    public int OpenConnectionCount => _slots.Values.Count(slot => slot.Connection is { IsOpen: true });

    /// <summary>Calls waiting for a reply, over all connections.</summary>
    internal int PendingCallCount => _slots.Values.Sum(slot => slot.Connection?.PendingCount ?? 0);

    /// <summary>
    /// Calls <paramref name="function"/> with its encoded arguments and returns the reply's buffer (return value at
    /// tag 0, out parameters at their tags). A framework error (iRet ≠ 0) throws <see cref="TarsFrameworkException"/>.
    /// </summary>
    public async Task<byte[]> InvokeAsync(TarsObjectRef target, string function, byte[] arguments, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(target, function, arguments, timeout, cancellationToken).ConfigureAwait(false);
        if (response.Ret != TarsReturnCode.Success)
        {
            throw new TarsFrameworkException(target.Servant, function, response.Ret, response.ResultDesc);
        }

        return response.Buffer;
    }

    /// <summary>Like <see cref="InvokeAsync"/> but hands back the whole reply packet, whatever its iRet.</summary>
    public async Task<ResponsePacket> SendAsync(TarsObjectRef target, string function, byte[] arguments, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendOnceAsync(target, function, arguments, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.CancellationToken != cancellationToken)
        {
            // Inner steps cancel through linked tokens; the caller sees its own token.
            throw new OperationCanceledException($"{target.Servant}.{function} was cancelled.", e, cancellationToken);
        }
    }

    private async Task<ResponsePacket> SendOnceAsync(TarsObjectRef target, string function, byte[] arguments, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var budget = timeout ?? Settings.DefaultTimeout;
        if (budget <= TimeSpan.Zero || budget > MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), budget, $"A Tars call's timeout is between 1 ms and {MaxTimeout}.");
        }

        var started = _clock.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);

        var failures = new List<string>();
        Exception? lastFailure = null;
        foreach (var endpoint in InTryOrder(target.Endpoints))
        {
            TarsConnection connection;
            try
            {
                connection = await GetConnectionAsync(endpoint, Remaining(), deadline.Token, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                _unreachableSince[Key(endpoint)] = _clock.GetTimestamp();
                failures.Add($"{endpoint}: {Describe(e)}");
                lastFailure = e;
                continue;
            }

            var request = new RequestPacket
            {
                RequestId = NextRequestId(),
                ServantName = target.Servant,
                FuncName = function,
                Buffer = arguments,
                Timeout = (int)Math.Max(1, Remaining().TotalMilliseconds),
            };
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await connection.CallAsync(request, deadline.Token).ConfigureAwait(false);
                }
                catch (TarsConnectionClosedException e) when (!e.RequestWasSent && attempt == 0)
                {
                    // The connection died before the request left, so a new connection cannot run it twice.
                    try
                    {
                        connection = await GetConnectionAsync(endpoint, Remaining(), deadline.Token, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception again) when (again is SocketException or TimeoutException)
                    {
                        throw new TarsUnreachableException(target.Servant, function,
                            $"{target.Servant} is unreachable: {endpoint}: {Describe(again)}", again);
                    }
                }
                catch (TarsConnectionClosedException e)
                {
                    throw new TarsConnectionLostException(target.Servant, function,
                        $"{target.Servant}.{function} on {endpoint}: the connection closed before the reply came ({e.Message})",
                        e.InnerException);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TarsTimeoutException(target.Servant, function, budget, endpoint.ToString());
                }
            }
        }

        throw new TarsUnreachableException(target.Servant, function,
            $"{target.Servant} is unreachable: {string.Join("; ", failures)}", lastFailure);

        TimeSpan Remaining()
        {
            var left = budget - _clock.GetElapsedTime(started);
            return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
        }
    }

    private async Task<TarsConnection> GetConnectionAsync(TarsEndpoint endpoint, TimeSpan remaining, CancellationToken deadline,
        CancellationToken callerToken)
    {
        var slot = _slots.GetOrAdd(Key(endpoint), _ => new EndpointSlot());
        if (await ReusableAsync(slot.Connection).ConfigureAwait(false) is { } ready)
        {
            return ready;
        }

        try
        {
            await slot.Gate.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new TimeoutException("no connection within the call's timeout");
        }

        try
        {
            // Another caller may have connected while this one waited at the gate.
            if (await ReusableAsync(slot.Connection).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            if (slot.Connection is { } dead)
            {
                slot.Connection = null;
                await dead.DisposeAsync().ConfigureAwait(false);
            }

            var connectTimeout = remaining < Settings.ConnectTimeout ? remaining : Settings.ConnectTimeout;
            var created = await TarsConnection.ConnectAsync(endpoint, Settings.MaxPacketBytes, connectTimeout, callerToken)
                .ConfigureAwait(false);
            if (_disposed)
            {
                await created.DisposeAsync().ConfigureAwait(false);
                throw new ObjectDisposedException(nameof(TarsConnectionPool));
            }

            slot.Connection = created;
            _unreachableSince.TryRemove(Key(endpoint), out _);
            return created;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>The connection if it can take another call; a peer's close that is still in flight is waited for briefly.</summary>
    private async Task<TarsConnection?> ReusableAsync(TarsConnection? connection)
    {
        if (connection is null)
        {
            return null;
        }

        // Only an idle connection is asked: with calls in flight the receive loop is mid-reply, a readable socket with
        // nothing buffered yet is a reply arriving, not a close (that stalled concurrent callers 100 ms), and a real close
        // is seen by the loop itself.
        if (connection.PendingCount == 0 && connection.LooksClosedByPeer())
        {
            await Task.WhenAny(connection.Closed, Task.Delay(TimeSpan.FromMilliseconds(100), _clock)).ConfigureAwait(false);
        }

        return connection.IsOpen ? connection : null;
    }

    /// <summary>Endpoints in their given order, those that recently refused a connection last.</summary>
    private IEnumerable<TarsEndpoint> InTryOrder(IReadOnlyList<TarsEndpoint> endpoints)
    {
        bool RecentlyUnreachable(TarsEndpoint endpoint) =>
            _unreachableSince.TryGetValue(Key(endpoint), out var since)
            && _clock.GetElapsedTime(since) < Settings.UnreachableBackoff;

        return endpoints.OrderBy(RecentlyUnreachable).ToList();
    }

    private int NextRequestId()
    {
        while (true)
        {
            // Positive and never 0, wrapping after 2^31 calls.
            var id = Interlocked.Increment(ref _lastRequestId) & int.MaxValue;
            if (id != 0)
            {
                return id;
            }
        }
    }

    private static (string Host, int Port) Key(TarsEndpoint endpoint) => (endpoint.Host.ToLowerInvariant(), endpoint.Port);

    private static string Describe(Exception e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "no such host",
        SocketException socket => socket.Message,
        TimeoutException timeout => $"connect timed out ({timeout.Message})",
        _ => e.Message,
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var slot in _slots.Values)
        {
            if (slot.Connection is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>For containers disposed synchronously: closes every connection without waiting.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var slot in _slots.Values)
        {
            slot.Connection?.Dispose();
        }
    }

    private sealed class EndpointSlot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile TarsConnection? Connection;
    }
}
