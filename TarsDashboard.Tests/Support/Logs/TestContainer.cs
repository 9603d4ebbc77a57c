using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Tests.Logs;

/// <summary>A busybox container on a test engine running a fixed test script, removed on dispose.</summary>
internal sealed class TestContainer : IAsyncDisposable
{
    /// <summary>
    /// Prints "line N" every ~10 ms, N counting on across restarts (kept in /n); exits cleanly on SIGTERM.
    /// A fixed script: product code never builds shell strings.
    /// </summary>
    public const string CounterScript =
        "trap 'exit 0' TERM; i=$(busybox cat /n 2>/dev/null || echo 0); "
        + "while true; do i=$((i+1)); echo \"line $i\"; echo $i > /n; busybox usleep 10000; done";

    private readonly DockerEngineInstance _engine;

    private TestContainer(DockerEngineInstance engine, string name, string id)
    {
        _engine = engine;
        Name = name;
        Id = id;
    }

    public string Name { get; }

    public string Id { get; }

    /// <summary>A fresh Tars-style service name, <c>App.Server</c>, unique per test run.</summary>
    public static string NewServiceName(string server = "Counter") => $"Lg{Guid.NewGuid().ToString("N")[..8]}.{server}";

    /// <param name="restartAlways">Restart policy "always": the engine starts it again when the engine itself restarts.</param>
    public static async Task<TestContainer> StartAsync(DockerEngineInstance engine, string name, string script, bool tty = false,
        bool restartAlways = false)
    {
        var create = new
        {
            Image = InfraFixture.BusyboxImage,
            Cmd = new[] { "sh", "-c", script },
            Tty = tty,
            HostConfig = new { NetworkMode = "none", RestartPolicy = new { Name = restartAlways ? "always" : "no" } },
        };
        using var created = await engine.ApiClient.PostAsJsonAsync($"/containers/create?name={Uri.EscapeDataString(name)}", create);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
        var container = new TestContainer(engine, name, id);
        await container.StartAgainAsync();
        return container;
    }

    /// <summary>Starts a container under a fixed name, removing first a leftover of an interrupted run that would block it.</summary>
    public static async Task<TestContainer> StartReplacingAsync(DockerEngineInstance engine, string name, string script)
    {
        using (await engine.ApiClient.DeleteAsync($"/containers/{Uri.EscapeDataString(name)}?force=true"))
        {
        }

        return await StartAsync(engine, name, script);
    }

    public async Task StartAgainAsync()
    {
        using var response = await _engine.ApiClient.PostAsync($"/containers/{Id}/start", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task RestartAsync()
    {
        using var response = await _engine.ApiClient.PostAsync($"/containers/{Id}/restart?t=5", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task StopAsync()
    {
        using var response = await _engine.ApiClient.PostAsync($"/containers/{Id}/stop?t=5", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Every line the engine holds for the container, stdout and stderr in order, read with the test's own minimal
    /// frame parser (not the product's assembler), so it can serve as the reference.
    /// </summary>
    public async Task<string[]> ReadEngineLogAsync()
    {
        var bytes = await _engine.ApiClient.GetByteArrayAsync($"/containers/{Id}/logs?stdout=1&stderr=1");
        return Lines(bytes, stdoutOnly: false);
    }

    private static string[] Lines(byte[] multiplexed, bool stdoutOnly)
    {
        var text = new StringBuilder();
        for (var offset = 0; offset + 8 <= multiplexed.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(multiplexed.AsSpan(offset + 4));
            if (!stdoutOnly || multiplexed[offset] == 1)
            {
                text.Append(Encoding.UTF8.GetString(multiplexed, offset + 8, length));
            }

            offset += 8 + length;
        }

        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Writes <paramref name="content"/> as <paramref name="directory"/>/<paramref name="name"/> through the engine's archive upload (large files in a moment).</summary>
    public async Task WriteFileAsync(string directory, string name, byte[] content)
    {
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }

        tar.Position = 0;
        using var body = new StreamContent(tar);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var response = await _engine.ApiClient.PutAsync($"/containers/{Id}/archive?path={Uri.EscapeDataString(directory)}", body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Runs a program in the container and returns its stdout lines.</summary>
    public async Task<string[]> ExecAsync(params string[] argv)
    {
        using var created = await _engine.ApiClient.PostAsJsonAsync($"/containers/{Id}/exec", new { Cmd = argv, AttachStdout = true, AttachStderr = true });
        created.EnsureSuccessStatusCode();
        var exec = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString();
        using var started = await _engine.ApiClient.PostAsJsonAsync($"/exec/{exec}/start", new { Detach = false, Tty = false });
        started.EnsureSuccessStatusCode();
        return Lines(await started.Content.ReadAsByteArrayAsync(), stdoutOnly: true);
    }

    public async ValueTask DisposeAsync()
    {
        using var response = await _engine.ApiClient.DeleteAsync($"/containers/{Id}?force=true");
    }
}
