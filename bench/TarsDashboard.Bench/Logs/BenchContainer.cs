using System.Net.Http.Json;
using System.Text.Json;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.Logs;

/// <summary>A busybox container on a bench engine running a fixed bench script (never user text), removed on dispose.</summary>
internal sealed class BenchContainer : IAsyncDisposable
{
    private readonly DockerEngineInstance _engine;

    private BenchContainer(DockerEngineInstance engine, string name, string id)
    {
        _engine = engine;
        Name = name;
        Id = id;
    }

    public string Name { get; }

    public string Id { get; }

    /// <param name="openStdin">Keep stdin open so the bench can write into the container's process (the latency probe).</param>
    /// <param name="maxLogSize">json-file rotation size, e.g. "20m"; null for no rotation.</param>
    public static async Task<BenchContainer> StartAsync(DockerEngineInstance engine, string name, string[] command, bool openStdin = false,
        string? maxLogSize = null, CancellationToken cancellationToken = default)
    {
        var create = new Dictionary<string, object?>
        {
            ["Image"] = LogLab.BusyboxImage,
            ["Cmd"] = command,
            ["OpenStdin"] = openStdin,
            ["AttachStdin"] = openStdin,
            ["StdinOnce"] = false,
            ["HostConfig"] = new Dictionary<string, object?>
            {
                ["NetworkMode"] = "none",
                ["LogConfig"] = new
                {
                    Type = "json-file",
                    Config = maxLogSize is null ? new Dictionary<string, string>() : new() { ["max-size"] = maxLogSize, ["max-file"] = "3" },
                },
            },
        };
        using var created = await engine.ApiClient.PostAsJsonAsync($"/containers/create?name={Uri.EscapeDataString(name)}", create, cancellationToken);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("Id").GetString()!;
        var container = new BenchContainer(engine, name, id);
        using var started = await engine.ApiClient.PostAsync($"/containers/{id}/start", null, cancellationToken);
        started.EnsureSuccessStatusCode();
        return container;
    }

    /// <summary>Waits for the container's process to exit and returns its exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        using var waited = await _engine.ApiClient.PostAsync($"/containers/{Id}/wait", null, cancellationToken);
        waited.EnsureSuccessStatusCode();
        return (await waited.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("StatusCode").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        using var removed = await _engine.ApiClient.DeleteAsync($"/containers/{Id}?force=true");
    }
}
