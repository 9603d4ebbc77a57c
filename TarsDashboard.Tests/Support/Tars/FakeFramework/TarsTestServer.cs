using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// A Tars server on 127.0.0.1 built on our own codec, for tests. It dispatches by servant and function to the
/// handlers a test registers, each call on its own task (so replies can leave out of order). It is strict: a call
/// nobody registered is recorded in <see cref="UnexpectedCalls"/> (assert with <see cref="AssertNoUnexpectedCalls"/>)
/// and answered as TarsCpp does: iRet -4 (no such servant) or -3 (no such function). Handlers that throw are
/// recorded too and answered with iRet -99.
/// </summary>
public sealed class TarsTestServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Servant, string Function), Func<TarsTestCall, ValueTask<TarsTestReply>>> _handlers = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<TarsTestCall> _calls = new();
    private readonly ConcurrentQueue<int> _replyOrder = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly object _waitersLock = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _replyWaiters = [];
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private CancellationTokenSource _stopping = new();
    private int _acceptedConnections;
    private int _repliesSent;

    private TarsTestServer()
    {
    }

    public int Port { get; private set; }

    public TarsEndpoint Endpoint => new("127.0.0.1", Port);

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyCollection<TarsTestCall> Calls => _calls;

    /// <summary>"Servant.function" of each call no handler was registered for, and handler failures.</summary>
    public IReadOnlyCollection<string> UnexpectedCalls => _unexpected;

    /// <summary>The request ids of the replies, in the order they were written to the wire.</summary>
    public IReadOnlyCollection<int> ReplyOrder => _replyOrder;

    public int AcceptedConnections => Volatile.Read(ref _acceptedConnections);

    /// <summary>The largest request accepted (the client's own limit is tested separately).</summary>
    public int MaxPacketBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Listens on 127.0.0.1 (port 0 = a free one).</summary>
    public static TarsTestServer Start(int port = 0)
    {
        var server = new TarsTestServer();
        server.Listen(port);
        return server;
    }

    public TarsObjectRef ObjectRef(string servant) => new(servant, Endpoint);

    /// <summary>Registers a handler for one servant's function (replacing an earlier one).</summary>
    public void On(string servant, string function, Func<TarsTestCall, ValueTask<TarsTestReply>> handler) =>
        _handlers[(servant, function)] = handler;

    public void On(string servant, string function, Func<TarsTestCall, TarsTestReply> handler) =>
        On(servant, function, call => ValueTask.FromResult(handler(call)));

    /// <summary>
    /// Registers a typed handler: it reads the arguments from the reader (parameter i at tag i) and writes the return
    /// value (tag 0) and out parameters (at their parameter tags) to the writer.
    /// </summary>
    public void Answer(string servant, string function, Action<TarsReader, TarsWriter> handler) =>
        On(servant, function, call => TarsTestReply.Returning(result => handler(call.ReadArguments(), result)));

    /// <summary>Completes once <paramref name="count"/> replies in all have been written.</summary>
    public Task WhenRepliesSent(int count)
    {
        lock (_waitersLock)
        {
            if (_repliesSent >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _replyWaiters.Add((count, done));
            return done.Task;
        }
    }

    public void AssertNoUnexpectedCalls()
    {
        if (!_unexpected.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException("The Tars test server got calls it did not expect: " + string.Join(", ", _unexpected));
        }
    }

    /// <summary>Stops listening and closes every connection; handlers stay registered for <see cref="Restart"/>.</summary>
    public async Task StopAsync()
    {
        _stopping.Cancel();
        _listener?.Dispose();
        _listener = null;
        await _acceptLoop;
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_connections.Values);
        _connections.Clear();
    }

    /// <summary>Listens again on the same port, as a restarted server would.</summary>
    public void Restart()
    {
        _stopping = new CancellationTokenSource();
        Listen(Port);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // A restart binds the port again while the old connections sit in TIME_WAIT.
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        var stopping = _stopping.Token;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, stopping));
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _acceptedConnections);
            _connections[socket] = Task.Run(() => ServeAsync(socket, stopping));
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        // Neither is disposed here: a handler still waiting on its test may write (and fail) after the connection closed.
        var stream = new NetworkStream(socket, ownsSocket: true);
        var writeLock = new SemaphoreSlim(1, 1);
        try
        {
            while (true)
            {
                var body = await TarsFraming.ReadPacketAsync(stream, MaxPacketBytes, stopping);
                if (body is null)
                {
                    break;
                }

                var request = TarsCodec.Decode<RequestPacket>(body);
                // Not awaited: calls are handled concurrently and may be answered in any order.
                _ = Task.Run(() => HandleAsync(request, stream, writeLock));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the client or the test closed the connection
        }
        catch (TarsDecodeException e)
        {
            _unexpected.Enqueue($"undecodable request: {e.Message}");
        }

        await stream.DisposeAsync();
    }

    private async Task HandleAsync(RequestPacket request, NetworkStream stream, SemaphoreSlim writeLock)
    {
        var call = new TarsTestCall(request);
        _calls.Enqueue(call);
        TarsTestReply reply;
        if (request.Version != TarsProtocolVersion.Tars)
        {
            _unexpected.Enqueue($"{request.ServantName}.{request.FuncName} with packet version {request.Version}");
            reply = TarsTestReply.FrameworkError(TarsReturnCode.ServerDecodeError, "only version 1 is served");
        }
        else if (_handlers.TryGetValue((request.ServantName, request.FuncName), out var handler))
        {
            try
            {
                reply = await handler(call);
            }
            catch (Exception e)
            {
                _unexpected.Enqueue($"{request.ServantName}.{request.FuncName} handler threw {e.GetType().Name}: {e.Message}");
                reply = TarsTestReply.FrameworkError(TarsReturnCode.ServerUnknownError, e.Message);
            }
        }
        else
        {
            _unexpected.Enqueue($"{request.ServantName}.{request.FuncName}");
            var knownServant = _handlers.Keys.Any(key => key.Servant == request.ServantName);
            reply = knownServant
                ? TarsTestReply.FrameworkError(TarsReturnCode.NoSuchFunction)
                : TarsTestReply.FrameworkError(TarsReturnCode.NoSuchServant);
        }

        if (reply.Silent || request.PacketType == TarsProtocolVersion.OnewayPacket)
        {
            return;
        }

        var frame = TarsFraming.Frame(new ResponsePacket
        {
            Version = request.Version,
            RequestId = request.RequestId,
            MessageType = request.MessageType,
            Ret = reply.Ret,
            Buffer = reply.Buffer,
            ResultDesc = reply.ResultDesc,
        });
        try
        {
            await writeLock.WaitAsync();
            try
            {
                await stream.WriteAsync(frame);
                _replyOrder.Enqueue(request.RequestId);
            }
            finally
            {
                writeLock.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return; // the client went away (or refused an oversized reply)
        }

        ReplyWritten();
    }

    private void ReplyWritten()
    {
        lock (_waitersLock)
        {
            _repliesSent++;
            foreach (var waiter in _replyWaiters.Where(w => w.Count <= _repliesSent).ToList())
            {
                waiter.Done.TrySetResult();
                _replyWaiters.Remove(waiter);
            }
        }
    }
}
