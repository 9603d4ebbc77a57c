using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// A private image registry (docker-registry) on a free loopback port that requires basic authentication,
/// with its storage in a temp directory. Engines treat 127.0.0.0/8 registries as insecure, so plain HTTP works.
/// </summary>
public sealed class PrivateRegistryInstance : IAsyncDisposable
{
    private readonly HttpClient _probeClient = new();
    private ServerProcess? _registry;
    private bool _disposed;

    public PrivateRegistryInstance()
    {
        WorkDirectory = ShortTempDirectory.Create("registry");
        Host = $"127.0.0.1:{FreePort.Next()}";
        Password = RandomNumberGenerator.GetHexString(32, lowercase: true);
    }

    /// <summary>The registry's private directory: config.yml, htpasswd, image storage and registry.log.</summary>
    public string WorkDirectory { get; }

    /// <summary>The registry address as used in image references, "127.0.0.1:PORT".</summary>
    public string Host { get; }

    public string UserName => "tars";

    public string Password { get; }

    public bool IsRunning => _registry is { HasExited: false };

    /// <summary>Writes the configuration on first use, starts the registry and waits until GET /v2/ asks for credentials.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException("The registry is already running.");
        }

        _registry?.Dispose();
        _registry = null;

        var configPath = Path.Combine(WorkDirectory, "config.yml");
        if (!File.Exists(configPath))
        {
            await WriteConfigurationAsync(configPath, cancellationToken);
        }

        _registry = await ServerProcess.StartAsync(
            "docker-registry",
            "docker-registry",
            ["serve", configPath],
            Path.Combine(WorkDirectory, "registry.log"),
            async ct =>
            {
                using var response = await _probeClient.GetAsync($"http://{Host}/v2/", ct);
                return response.StatusCode == HttpStatusCode.Unauthorized;
            },
            cancellationToken);
    }

    /// <summary>Stops the registry with SIGTERM and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (_registry is null)
        {
            return;
        }

        await _registry.StopAsync();
        _registry.Dispose();
        _registry = null;
    }

    /// <summary>
    /// Tags <paramref name="localReference"/> on <paramref name="engine"/> as <paramref name="remoteReference"/>
    /// (repository:tag inside this registry) and pushes it with this registry's credentials.
    /// </summary>
    /// <returns>The full pushed reference, "127.0.0.1:PORT/repository:tag".</returns>
    public async Task<string> PushImageAsync(
        DockerEngineInstance engine, string localReference, string remoteReference, CancellationToken cancellationToken = default)
    {
        var remote = ImageReference.Parse($"{Host}/{remoteReference}");
        var tagUri = $"/images/{localReference}/tag?repo={Uri.EscapeDataString(remote.Repository)}&tag={Uri.EscapeDataString(remote.Tag)}";
        using (var tagResponse = await engine.ApiClient.PostAsync(tagUri, content: null, cancellationToken))
        {
            if (!tagResponse.IsSuccessStatusCode)
            {
                var body = await tagResponse.Content.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"Tagging {localReference} as {remote} on '{engine.Name}' failed with HTTP {(int)tagResponse.StatusCode}: {body}");
            }
        }

        using var push = new HttpRequestMessage(HttpMethod.Post, $"/images/{remote.Repository}/push?tag={Uri.EscapeDataString(remote.Tag)}");
        push.Headers.Add("X-Registry-Auth", EncodeRegistryAuth());
        using var pushResponse = await engine.ApiClient.SendAsync(push, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await JsonMessageStream.ThrowOnErrorAsync(pushResponse, $"Push of {remote} from '{engine.Name}'", cancellationToken);
        return remote.ToString();
    }

    /// <summary>Stops the registry and removes its directory, including the pushed images.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        _probeClient.Dispose();
        await ShortTempDirectory.DeleteAsync(WorkDirectory);
    }

    private async Task WriteConfigurationAsync(string configPath, CancellationToken cancellationToken)
    {
        // htpasswd -B: the registry accepts bcrypt entries only.
        var htpasswdLine = await ExternalCommand.RunCheckedAsync("htpasswd", ["-Bbn", UserName, Password], cancellationToken);
        var htpasswdPath = Path.Combine(WorkDirectory, "htpasswd");
        await File.WriteAllTextAsync(htpasswdPath, htpasswdLine.Trim() + "\n", cancellationToken);

        var configuration = $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {Path.Combine(WorkDirectory, "data")}
            http:
              addr: {Host}
              secret: {RandomNumberGenerator.GetHexString(32, lowercase: true)}
            auth:
              htpasswd:
                realm: tars
                path: {htpasswdPath}
            """;
        await File.WriteAllTextAsync(configPath, configuration, cancellationToken);
    }

    // The Engine API expects URL-safe base64 of the JSON auth config, with padding.
    private string EncodeRegistryAuth()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { username = UserName, password = Password, serveraddress = Host });
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }
}
