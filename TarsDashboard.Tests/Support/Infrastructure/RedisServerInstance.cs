using System.Net.Sockets;
using System.Text;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// A private redis-server on a free loopback port, with nothing persisted, in its own temp folder. It can be stopped
/// and started again on the same port, to simulate Redis going away under running dashboards.
/// </summary>
public sealed class RedisServerInstance : IAsyncDisposable
{
    private ServerProcess? _server;
    private bool _disposed;

    public RedisServerInstance()
    {
        WorkDirectory = ShortTempDirectory.Create("redis");
        Port = FreePort.Next();
    }

    public string WorkDirectory { get; }

    public int Port { get; }

    public bool IsRunning => _server is { HasExited: false };

    /// <summary>The StackExchange.Redis configuration string the dashboard's <c>Redis:Configuration</c> takes.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException("Redis is already running.");
        }

        _server?.Dispose();
        _server = await ServerProcess.StartAsync(
            "redis-server",
            "redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", WorkDirectory],
            Path.Combine(WorkDirectory, "redis.log"),
            PingAsync,
            cancellationToken);
    }

    /// <summary>Stops redis-server (SIGTERM) and waits until it has exited; connected clients see the connection drop.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _server.StopAsync();
        _server.Dispose();
        _server = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        await ShortTempDirectory.DeleteAsync(WorkDirectory);
    }

    // RESP by hand: an inline PING answered by +PONG means the server accepts commands.
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
