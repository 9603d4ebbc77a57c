using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// A private Docker Engine (dockerd) that simulates one node: its own data, exec root and unix socket in a
/// short temp directory. It can be stopped and started again on the same directory and socket.
/// </summary>
public sealed class DockerEngineInstance : IAsyncDisposable
{
    // sun_path holds 108 bytes including the terminating NUL.
    private const int MaxSocketPathLength = 107;
    private const UnixFileMode ExecutableMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private ServerProcess? _dockerd;
    private bool _disposed;

    /// <param name="name">Short node name used in the directory name and in error messages, e.g. "node1".</param>
    /// <param name="timeZone">The daemon's <c>TZ</c> (such as <c>Asia/Shanghai</c>), as a node in another region has; null: this machine's.</param>
    public DockerEngineInstance(string name, string? timeZone = null)
    {
        Name = name;
        TimeZone = timeZone;
        WorkDirectory = ShortTempDirectory.Create(name);
        SocketPath = Path.Combine(WorkDirectory, "docker.sock");
        if (SocketPath.Length > MaxSocketPathLength)
        {
            throw new ArgumentException($"The socket path '{SocketPath}' is too long for a unix socket.", nameof(name));
        }

        ApiClient = CreateUnixSocketClient(SocketPath);
    }

    public string Name { get; }

    /// <summary>The daemon's <c>TZ</c>, or null for this machine's zone.</summary>
    public string? TimeZone { get; }

    /// <summary>The engine's private directory: data root, exec root, pid file, socket and dockerd.log.</summary>
    public string WorkDirectory { get; }

    public string SocketPath { get; }

    /// <summary>The Docker endpoint URI, for example for a Docker.DotNet client.</summary>
    public string Endpoint => $"unix://{SocketPath}";

    /// <summary>An HTTP client for raw Engine API calls over the socket (base address http://docker/).</summary>
    public HttpClient ApiClient { get; }

    public bool IsRunning => _dockerd is { HasExited: false };

    /// <summary>Starts dockerd and waits until GET /_ping answers; also restarts a stopped engine.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException($"The docker engine '{Name}' is already running.");
        }

        // A dockerd that died on its own leaves only its process handle behind.
        _dockerd?.Dispose();
        _dockerd = null;

        string[] arguments =
        [
            "--host", Endpoint,
            "--data-root", Path.Combine(WorkDirectory, "data"),
            "--exec-root", Path.Combine(WorkDirectory, "exec"),
            "--pidfile", Path.Combine(WorkDirectory, "docker.pid"),
            // No iptables rules and no docker0 bridge: several engines share the host's network stack.
            "--iptables=false",
            "--bridge=none",
            // vfs works on any backing filesystem, including overlay roots of CI containers.
            "--storage-driver=vfs",
        ];
        _dockerd = await ServerProcess.StartAsync(
            $"dockerd '{Name}'",
            "dockerd",
            arguments,
            Path.Combine(WorkDirectory, "dockerd.log"),
            async ct =>
            {
                await PingAsync(ct);
                return true;
            },
            cancellationToken,
            TimeZone is null ? null : new Dictionary<string, string> { ["TZ"] = TimeZone });
    }

    /// <summary>Stops dockerd with SIGTERM and waits until it has exited and its socket is gone.</summary>
    public async Task StopAsync()
    {
        if (_dockerd is null)
        {
            return;
        }

        await _dockerd.StopAsync();
        _dockerd.Dispose();
        _dockerd = null;

        // A clean shutdown removes the socket; after a forced kill the stale file would only mislead clients.
        File.Delete(SocketPath);
    }

    /// <summary>Calls GET /_ping and returns the engine's API version; throws if the engine does not answer.</summary>
    public async Task<string> PingAsync(CancellationToken cancellationToken = default)
    {
        using var response = await ApiClient.GetAsync("/_ping", cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Api-Version", out var versions)
            ? versions.First()
            : throw new InvalidOperationException($"The docker engine '{Name}' did not send an Api-Version header.");
    }

    /// <summary>
    /// Imports a minimal image (busybox-static as /bin/busybox, /bin/sh linked to it) under <paramref name="reference"/>,
    /// because test engines cannot reach a public registry.
    /// </summary>
    public async Task ImportBusyboxImageAsync(string reference, CancellationToken cancellationToken = default)
    {
        var image = ImageReference.Parse(reference);
        using var content = new ByteArrayContent(await CreateBusyboxRootfsTarAsync(cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var uri = $"/images/create?fromSrc=-&repo={Uri.EscapeDataString(image.Repository)}&tag={Uri.EscapeDataString(image.Tag)}";
        using var response = await ApiClient.PostAsync(uri, content, cancellationToken);
        await JsonMessageStream.ThrowOnErrorAsync(response, $"Import of {reference} into '{Name}'", cancellationToken);
    }

    /// <summary>Stops the engine and removes its directory, including the images and containers it stored.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        ApiClient.Dispose();
        await ShortTempDirectory.DeleteAsync(WorkDirectory);
    }

    private static HttpClient CreateUnixSocketClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker/") };
    }

    private static async Task<byte[]> CreateBusyboxRootfsTarAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = ExecutableMode }, cancellationToken);
            await using (var busybox = File.OpenRead("/bin/busybox"))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = ExecutableMode, DataStream = busybox };
                await tar.WriteEntryAsync(entry, cancellationToken);
            }

            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" }, cancellationToken);
        }

        return buffer.ToArray();
    }
}
