using Docker.DotNet;
using Docker.DotNet.Models;

namespace TarsDashboard.Core.Nodes;

/// <summary>Asks an engine whether it answers, and what it runs: version, containers, images, CPUs, memory.</summary>
public static class EngineProbe
{
    public static async Task<NodeHealth> ProbeAsync(string nodeName, IDockerClient client, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await client.System.PingAsync(cts.Token);
            VersionResponse version = await client.System.GetVersionAsync(cts.Token);
            SystemInfoResponse info = await client.System.GetSystemInfoAsync(cts.Token);
            return new NodeHealth(nodeName, NodeReachability.Reachable, clock.GetUtcNow(),
                EngineVersion: version.Version,
                ApiVersion: version.APIVersion,
                Containers: (int)info.Containers,
                ContainersRunning: (int)info.ContainersRunning,
                Images: (int)info.Images,
                Cpus: (int)info.NCPU,
                MemoryBytes: info.MemTotal);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new NodeHealth(nodeName, NodeReachability.Unreachable, clock.GetUtcNow(), Error: Describe(exception, timeout));
        }
    }

    /// <summary>A one-line reason a person can act on, without a stack trace.</summary>
    public static string Describe(Exception exception, TimeSpan timeout)
    {
        var root = exception;
        while (root.InnerException is not null && root is AggregateException or HttpRequestException or IOException)
        {
            root = root.InnerException!;
        }

        return root switch
        {
            OperationCanceledException or TimeoutException => $"No answer within {timeout.TotalSeconds:0} s.",
            System.Net.Sockets.SocketException socket => socket.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.ConnectionRefused => "Connection refused: no engine listens there.",
                System.Net.Sockets.SocketError.AddressNotAvailable or System.Net.Sockets.SocketError.AddressFamilyNotSupported => "No such socket.",
                System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "Host not found.",
                _ => socket.Message,
            },
            DockerApiException api => $"The engine answered {(int)api.StatusCode}: {api.ResponseBody?.Trim()}",
            _ => root.Message,
        };
    }
}
