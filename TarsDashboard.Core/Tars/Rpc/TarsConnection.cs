using System.Collections.Concurrent;
using System.Net.Sockets;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>
/// One TCP connection to one endpoint, shared by every caller: requests are written whole under a lock and
/// replies are matched to their callers by request id, in whatever order they come.
/// </summary>
internal sealed class TarsConnection : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly int _maxPacketBytes;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ResponsePacket>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _receiveLoop;
    private Exception? _closeReason;

    private TarsConnection(Socket socket, TarsEndpoint endpoint, int maxPacketBytes)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _maxPacketBytes = maxPacketBytes;
        Endpoint = endpoint;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public TarsEndpoint Endpoint { get; }

    public bool IsOpen => Volatile.Read(ref _closeReason) is null;

    /// <summary>Completes when the connection has closed, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    public int PendingCount => _pending.Count;

    /// <summary>
    /// True when the socket reports end-of-stream that the receive loop has not processed yet (the peer closed
    /// it a moment ago). Only a hint: the caller then waits for <see cref="Closed"/> briefly before reusing.
    /// </summary>
    public bool LooksClosedByPeer()
    {
        try
        {
            return IsOpen && _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Connects; a refused or timed-out connect is reported as <see cref="SocketException"/> or <see cref="TimeoutException"/>.</summary>
    public static async Task<TarsConnection> ConnectAsync(TarsEndpoint endpoint, int maxPacketBytes, TimeSpan connectTimeout,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no connection within {connectTimeout.TotalMilliseconds:0} ms");
            }

            return new TarsConnection(socket, endpoint, maxPacketBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the request and waits for its reply until <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="TarsConnectionClosedException">The connection closed before or while the call waited.</exception>
    public async Task<ResponsePacket> CallAsync(RequestPacket request, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<ResponsePacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(request.RequestId, reply))
        {
            throw new InvalidOperationException($"Request id {request.RequestId} is already waiting on this connection.");
        }

        try
        {
            // Registered before the write, so an immediate reply finds its caller.
            if (Volatile.Read(ref _closeReason) is { } reason)
            {
                throw new TarsConnectionClosedException(reason, requestWasSent: false);
            }

            await WriteAsync(TarsFraming.Frame(request), cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A timed-out or cancelled call frees its slot; its reply, if it still comes, finds no one and is dropped.
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = false;
        try
        {
            if (Volatile.Read(ref _closeReason) is { } reason)
            {
                throw new TarsConnectionClosedException(reason, requestWasSent: false);
            }

            started = true;
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (started)
        {
            // Part of the frame may be on the wire: the stream can no longer be framed, so it is given up.
            Close(new IOException("A request was cancelled half-written."));
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close(e);
            throw new TarsConnectionClosedException(e, requestWasSent: false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var body = await TarsFraming.ReadPacketAsync(_stream, _maxPacketBytes, _stopping.Token).ConfigureAwait(false);
                if (body is null)
                {
                    reason = new IOException("The peer closed the connection.");
                    break;
                }

                var response = TarsCodec.Decode<ResponsePacket>(body);
                if (_pending.TryRemove(response.RequestId, out var waiting))
                {
                    waiting.TrySetResult(response);
                }
            }
        }
        catch (Exception e)
        {
            // Includes a reply over the size limit or one that does not decode: the stream cannot be trusted after it.
            reason = e;
        }

        Close(reason);
    }

    private void Close(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        _stopping.Cancel();
        _stream.Dispose();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetException(new TarsConnectionClosedException(reason, requestWasSent: true));
            }
        }

        _closed.TrySetResult();
    }

    /// <summary>Closes without waiting for the receive loop to notice.</summary>
    public void Dispose() => Close(new ObjectDisposedException(nameof(TarsConnection), "The connection pool was disposed."));

    public async ValueTask DisposeAsync()
    {
        Dispose();
        // The lock and the token source are left to the GC: a caller may still be releasing or observing them.
        await _receiveLoop.ConfigureAwait(false);
    }
}
