using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>The connection pool against <see cref="TarsTestServer"/> on loopback.</summary>
public sealed class TarsRpcTests : IAsyncLifetime
{
    private const string Echo = "Test.EchoServer.EchoObj";
    private readonly TarsTestServer _server = TarsTestServer.Start();
    private TarsConnectionPool _pool = new(new TarsCallSettings { DefaultTimeout = TimeSpan.FromSeconds(10) });

    public Task InitializeAsync()
    {
        // twice(int n) -> int: 2n
        _server.Answer(Echo, "twice", (args, result) => result.WriteInt(0, args.ReadInt(1, required: true) * 2));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<int> TwiceAsync(int n, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var writer = new TarsWriter();
        writer.WriteInt(1, n);
        var reply = await _pool.InvokeAsync(_server.ObjectRef(Echo), "twice", writer.ToArray(), timeout, cancellationToken);
        return new TarsReader(reply).ReadInt(0, required: true);
    }

    private static byte[] NoArguments => [];

    [Fact]
    public async Task Hundred_concurrent_calls_answered_in_reverse_order_each_get_their_own_reply_on_one_connection()
    {
        const int count = 100;
        var gates = Enumerable.Range(0, count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.On(Echo, "held", async call =>
        {
            var n = call.ReadArguments().ReadInt(1, required: true);
            if (Interlocked.Increment(ref arrived) == count)
            {
                allArrived.TrySetResult();
            }

            await gates[n].Task;
            return TarsTestReply.Returning(result => result.WriteInt(0, n * 2));
        });

        var calls = Enumerable.Range(0, count).Select(async n =>
        {
            var writer = new TarsWriter();
            writer.WriteInt(1, n);
            var reply = await _pool.InvokeAsync(_server.ObjectRef(Echo), "held", writer.ToArray());
            return (n, Result: new TarsReader(reply).ReadInt(0, required: true));
        }).ToList();

        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var n = count - 1; n >= 0; n--)
        {
            gates[n].TrySetResult();
            await _server.WhenRepliesSent(count - n).WaitAsync(TimeSpan.FromSeconds(30)); // exactly reverse order on the wire
        }

        var results = await Task.WhenAll(calls);
        Assert.All(results, r => Assert.Equal(r.n * 2, r.Result));
        var requestIdOfArgument = _server.Calls.ToDictionary(c => c.Request.RequestId, c => c.ReadArguments().ReadInt(1, required: true));
        Assert.Equal(Enumerable.Range(0, count).Reverse(), _server.ReplyOrder.Select(id => requestIdOfArgument[id]));
        Assert.Equal(1, _server.AcceptedConnections);
        Assert.Equal(0, _pool.PendingCallCount);
        _server.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task Many_sequential_calls_reuse_one_TCP_connection()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(i * 2, await TwiceAsync(i));
        }

        Assert.Equal(1, _server.AcceptedConnections);
        Assert.Equal(1, _pool.OpenConnectionCount);
        Assert.Equal(50, _server.Calls.Select(c => c.Request.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task A_call_without_reply_times_out_and_frees_its_slot_for_the_next_call_on_the_same_connection()
    {
        _server.On(Echo, "silent", _ => TarsTestReply.NoReply);

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TarsTimeoutException>(() =>
            _pool.InvokeAsync(_server.ObjectRef(Echo), "silent", NoArguments, TimeSpan.FromMilliseconds(300)));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Contains("timed out", error.Message);
        Assert.Equal(("silent", Echo), (error.Function, error.Servant));
        Assert.Equal(0, _pool.PendingCallCount);
        Assert.Equal(21, await TwiceAsync(10) + 1);
        Assert.Equal(1, _server.AcceptedConnections);
        // the request told the server how long the caller waits
        Assert.InRange(_server.Calls.First().Request.Timeout, 1, 300);
    }

    [Fact]
    public async Task A_reply_that_comes_after_the_timeout_is_dropped_and_later_calls_get_their_own_replies()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.On(Echo, "slow", async _ =>
        {
            await gate.Task;
            return TarsTestReply.Returning(result => result.WriteInt(0, -1));
        });

        await Assert.ThrowsAsync<TarsTimeoutException>(() =>
            _pool.InvokeAsync(_server.ObjectRef(Echo), "slow", NoArguments, TimeSpan.FromMilliseconds(200)));
        gate.SetResult();
        await _server.WhenRepliesSent(1).WaitAsync(TimeSpan.FromSeconds(10));

        // The late reply reached the client before this one (same stream): it found no caller and was dropped.
        Assert.Equal(14, await TwiceAsync(7));
        Assert.Equal(0, _pool.PendingCallCount);
        Assert.Equal(1, _pool.OpenConnectionCount);
    }

    [Fact]
    public async Task A_cancelled_call_ends_with_OperationCanceled_not_a_timeout_and_frees_its_slot()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.On(Echo, "silent", _ =>
        {
            arrived.TrySetResult();
            return TarsTestReply.NoReply;
        });
        using var cancel = new CancellationTokenSource();

        var call = _pool.InvokeAsync(_server.ObjectRef(Echo), "silent", NoArguments, TimeSpan.FromSeconds(30), cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(0, _pool.PendingCallCount);
        Assert.Equal(6, await TwiceAsync(3));
    }

    [Fact]
    public async Task After_the_server_restarts_the_next_call_reconnects()
    {
        Assert.Equal(2, await TwiceAsync(1));

        await _server.StopAsync();
        var down = await Assert.ThrowsAsync<TarsUnreachableException>(() => TwiceAsync(2));
        Assert.Contains("connection refused", down.Message);

        _server.Restart();
        Assert.Equal(6, await TwiceAsync(3));
        Assert.Equal(2, _server.AcceptedConnections);
        Assert.Equal(1, _pool.OpenConnectionCount);
    }

    [Fact]
    public async Task A_server_that_restarted_between_two_calls_is_reconnected_to_without_an_error()
    {
        Assert.Equal(2, await TwiceAsync(1));
        await _server.StopAsync();
        _server.Restart();

        Assert.Equal(4, await TwiceAsync(2));
        Assert.Equal(2, _server.AcceptedConnections);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_as_unreachable()
    {
        var nobody = new TarsObjectRef("Test.Nobody.Obj", new TarsEndpoint("127.0.0.1", FreePort.Next()));

        var error = await Assert.ThrowsAsync<TarsUnreachableException>(() => _pool.InvokeAsync(nobody, "ping", NoArguments));

        Assert.Contains("Test.Nobody.Obj is unreachable", error.Message);
        Assert.Contains("connection refused", error.Message);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task A_connect_that_does_not_complete_in_time_is_reported_as_unreachable()
    {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so connects hang.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                _ = filler.ConnectAsync(IPAddress.Loopback, port);
            }

            await using var pool = new TarsConnectionPool(new TarsCallSettings { ConnectTimeout = TimeSpan.FromMilliseconds(300) });
            var target = new TarsObjectRef("Test.Stuck.Obj", new TarsEndpoint("127.0.0.1", port));

            var error = await Assert.ThrowsAsync<TarsUnreachableException>(() =>
                pool.InvokeAsync(target, "ping", NoArguments, TimeSpan.FromSeconds(5)));
            Assert.Contains("connect timed out", error.Message);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_passed_over_for_the_next_one_of_the_reference()
    {
        var target = new TarsObjectRef(Echo, [new TarsEndpoint("127.0.0.1", FreePort.Next()), _server.Endpoint]);
        var writer = new TarsWriter();
        writer.WriteInt(1, 21);

        var reply = await _pool.InvokeAsync(target, "twice", writer.ToArray());

        Assert.Equal(42, new TarsReader(reply).ReadInt(0, required: true));
    }

    [Fact]
    public async Task A_framework_error_from_the_server_carries_its_iRet_and_description()
    {
        _server.On(Echo, "broken", _ => TarsTestReply.FrameworkError(TarsReturnCode.ServerUnknownError, "boom"));

        var error = await Assert.ThrowsAsync<TarsFrameworkException>(() => _pool.InvokeAsync(_server.ObjectRef(Echo), "broken", NoArguments));

        Assert.Equal((-99, "boom"), (error.Ret, error.ResultDesc));
        Assert.Contains("framework error iRet=-99: boom", error.Message);
    }

    [Fact]
    public async Task A_call_the_strict_server_does_not_expect_is_recorded_and_answered_with_no_such_function()
    {
        var noFunction = await Assert.ThrowsAsync<TarsFrameworkException>(() =>
            _pool.InvokeAsync(_server.ObjectRef(Echo), "undeclared", NoArguments));
        var noServant = await Assert.ThrowsAsync<TarsFrameworkException>(() =>
            _pool.InvokeAsync(_server.ObjectRef("Test.Other.Obj"), "twice", NoArguments));

        Assert.Equal(TarsReturnCode.NoSuchFunction, noFunction.Ret);
        Assert.Contains("TARSSERVERNOFUNCERR", noFunction.Message);
        Assert.Equal(TarsReturnCode.NoSuchServant, noServant.Ret);
        Assert.Equal([$"{Echo}.undeclared", "Test.Other.Obj.twice"], _server.UnexpectedCalls);
        Assert.Throws<Xunit.Sdk.XunitException>(_server.AssertNoUnexpectedCalls);
    }

    [Fact]
    public async Task A_reply_over_the_packet_limit_is_refused_and_the_next_call_uses_a_new_connection()
    {
        await _pool.DisposeAsync();
        _pool = new TarsConnectionPool(new TarsCallSettings { MaxPacketBytes = 64 * 1024 });
        _server.Answer(Echo, "huge", (_, result) => result.WriteString(0, new string('x', 100 * 1024)));

        var error = await Assert.ThrowsAsync<TarsConnectionLostException>(() =>
            _pool.InvokeAsync(_server.ObjectRef(Echo), "huge", NoArguments));

        var refused = Assert.IsType<TarsDecodeException>(error.InnerException);
        Assert.Contains("65536", refused.Message);
        Assert.Equal(8, await TwiceAsync(4));
        Assert.Equal(2, _server.AcceptedConnections);
    }

    [Fact]
    public async Task A_timeout_that_the_request_cannot_carry_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TwiceAsync(1, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TwiceAsync(1, TimeSpan.FromDays(30))); // over int.MaxValue ms
        Assert.Empty(_server.Calls);
    }

    [Fact]
    public async Task A_disposed_pool_refuses_calls()
    {
        Assert.Equal(2, await TwiceAsync(1));
        await _pool.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => TwiceAsync(1));
        Assert.Equal(0, _pool.OpenConnectionCount);
    }

    [Fact]
    public async Task Requests_go_out_as_version_1_normal_packets_with_empty_context_and_status()
    {
        await TwiceAsync(5);

        var request = Assert.Single(_server.Calls).Request;
        Assert.Equal((TarsProtocolVersion.Tars, TarsProtocolVersion.NormalPacket, 0), (request.Version, request.PacketType, request.MessageType));
        Assert.Equal((Echo, "twice"), (request.ServantName, request.FuncName));
        Assert.True(request.RequestId > 0);
        Assert.Empty(request.Context);
        Assert.Empty(request.Status);
        Assert.Equal("1005", TarsHex.Of(request.Buffer)); // 0x10: tag 1, Int8; 0x05
    }
}
