using System.Net;
using System.Net.Sockets;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Bench.Tars;

/// <summary>
/// The least a tarsAdminRegistry needs to answer the client on 127.0.0.1: each connection's frames are read with
/// <see cref="TarsFraming"/>, decoded as <see cref="RequestPacket"/> and answered in order with a
/// <see cref="ResponsePacket"/> for <c>getServerState</c> and <c>getTaskRsp</c> (anything else: iRet -3).
/// </summary>
internal sealed class LoopbackAdminRegistry : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    // The replies' argument buffers are encoded once: the benchmark measures the client, not this responder.
    private readonly byte[] _serverStateReply = Reply(w =>
    {
        w.WriteInt(0, TarsErrCode.Success);
        w.WriteStruct(4, SampleTasks.ServerState());
        w.WriteString(5, "");
    });

    private readonly byte[] _taskRspReply = Reply(w =>
    {
        w.WriteInt(0, TarsErrCode.Success);
        w.WriteStruct(2, SampleTasks.Response());
    });

    private LoopbackAdminRegistry()
    {
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public static LoopbackAdminRegistry Start() => new();

    public TarsObjectRef AdminRegObj =>
        new(AdminRegistryClient.Servant, new TarsEndpoint("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port));

    public int AcceptedConnections { get; private set; }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            AcceptedConnections++;
            client.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            while (await TarsFraming.ReadPacketAsync(stream, TarsFraming.DefaultMaxPacketBytes, _stopping.Token) is { } body)
            {
                var request = TarsCodec.Decode<RequestPacket>(body);
                var (ret, buffer) = Answer(request);
                var frame = TarsFraming.Frame(new ResponsePacket
                {
                    RequestId = request.RequestId,
                    MessageType = request.MessageType,
                    Ret = ret,
                    Buffer = buffer,
                });
                await stream.WriteAsync(frame, _stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the client or the end of the benchmark closed the connection
        }
    }

    private (int Ret, byte[] Buffer) Answer(RequestPacket request)
    {
        if (request.ServantName != AdminRegistryClient.Servant)
        {
            return (TarsReturnCode.NoSuchServant, []);
        }

        // The arguments are read as the real servant would, so the request side costs what it costs there.
        var arguments = new TarsReader(request.Buffer);
        switch (request.FuncName)
        {
            case "getServerState":
                _ = (arguments.ReadString(1, required: true), arguments.ReadString(2, required: true), arguments.ReadString(3, required: true));
                return (TarsReturnCode.Success, _serverStateReply);
            case "getTaskRsp":
                _ = arguments.ReadString(1, required: true);
                return (TarsReturnCode.Success, _taskRspReply);
            default:
                return (TarsReturnCode.NoSuchFunction, []);
        }
    }

    private static byte[] Reply(Action<TarsWriter> write)
    {
        var writer = new TarsWriter();
        write(writer);
        return writer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _acceptLoop;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stopping.Dispose();
    }
}
