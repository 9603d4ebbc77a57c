using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Bench.Tars;

/// <summary>
/// Our Tars client on its own, no framework needed: the codec on a 10-item TaskReq and TaskRsp, then typed
/// AdminRegObj calls through the pooled connection to a loopback responder, one caller and 64 at once.
/// </summary>
internal static class TarsBenchmark
{
    private const int ConcurrentCallers = 64;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"Codec: encode and decode, {WarmUp.TotalSeconds:0.0} s warm-up and {Duration.TotalSeconds:0} s each...");
        var request = SampleTasks.Request();
        var response = SampleTasks.Response();
        var requestBytes = TarsCodec.Encode(request);
        var responseBytes = TarsCodec.Encode(response);
        var taskRspDecode = CodecThroughput.Measure("decode TaskRsp",
            () => TarsCodec.Decode<TaskRsp>(responseBytes).TaskItemRsp.Count == SampleTasks.Items ? responseBytes.Length : Wrong(), WarmUp, Duration);
        CodecThroughput.Result[] codec =
        [
            CodecThroughput.Measure("encode TaskReq", () => TarsCodec.Encode(request).Length, WarmUp, Duration),
            CodecThroughput.Measure("decode TaskReq",
                () => TarsCodec.Decode<TaskReq>(requestBytes).TaskItemReq.Count == SampleTasks.Items ? requestBytes.Length : Wrong(), WarmUp, Duration),
            CodecThroughput.Measure("encode TaskRsp", () => TarsCodec.Encode(response).Length, WarmUp, Duration),
            taskRspDecode,
        ];
        cancellationToken.ThrowIfCancellationRequested();

        Console.WriteLine("RPC: starting a loopback AdminRegObj responder...");
        await using var responder = LoopbackAdminRegistry.Start();
        await using var pool = new TarsConnectionPool(new TarsCallSettings());
        var client = new AdminRegistryClient(pool, responder.AdminRegObj);

        async Task ServerState(CancellationToken token)
        {
            var state = await client.GetServerStateAsync("Demo", "HelloServer", "10.0.0.1", token);
            if (state.Ret != TarsErrCode.Success || state.State.ProcessId == 0)
            {
                Wrong();
            }
        }

        async Task TaskRspCall(CancellationToken token)
        {
            var task = await client.GetTaskRspAsync(SampleTasks.TaskNo, token);
            if (task.Ret != TarsErrCode.Success || task.Task.TaskItemRsp.Count != SampleTasks.Items)
            {
                Wrong();
            }
        }

        Console.WriteLine("RPC: warming up (not timed)...");
        await RpcLoad.RunAsync("warm-up", 1, ServerState, WarmUp, cancellationToken);
        await RpcLoad.RunAsync("warm-up", 1, TaskRspCall, WarmUp, cancellationToken);
        await RpcLoad.RunAsync("warm-up", ConcurrentCallers, ServerState, WarmUp, cancellationToken);

        Console.WriteLine($"RPC: {Duration.TotalSeconds:0} s each, sequential then {ConcurrentCallers} concurrent callers...");
        RpcLoad.Result[] rpc =
        [
            await RpcLoad.RunAsync("getServerState, sequential", 1, ServerState, Duration, cancellationToken),
            await RpcLoad.RunAsync("getTaskRsp (10 items), sequential", 1, TaskRspCall, Duration, cancellationToken),
            await RpcLoad.RunAsync($"getServerState, {ConcurrentCallers} concurrent", ConcurrentCallers, ServerState, Duration, cancellationToken),
        ];

        Console.WriteLine();
        TarsResultTable.Print(codec, rpc, taskRspDecode, pool.OpenConnectionCount, responder.AcceptedConnections);
    }

    // A benchmark that measures a wrong answer measures nothing.
    private static int Wrong() => throw new InvalidOperationException("The Tars round trip returned something other than what was sent.");
}
