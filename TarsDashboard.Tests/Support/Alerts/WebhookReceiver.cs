using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TarsDashboard.Tests.Alerts;

/// <summary>A loopback HTTP server on a free port that keeps every JSON body posted to it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly SemaphoreSlim _arrived = new(0);

    private int _failuresLeft;

    /// <param name="failFirst">How many requests to answer 503 before accepting (to see retries).</param>
    public WebhookReceiver(int failFirst = 0)
    {
        _failuresLeft = failFirst;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/secret-token/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<JsonElement> Bodies { get; } = new();

    /// <summary>Waits for the next body of which <paramref name="match"/> holds.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Bodies.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching webhook call; received: {string.Join(" | ", Bodies.Select(b => b.GetRawText()))}");
            }

            await _arrived.WaitAsync(left);
        }
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                continue;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                using var document = JsonDocument.Parse(await reader.ReadToEndAsync());
                Bodies.Enqueue(document.RootElement.Clone());
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
            _arrived.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _arrived.Dispose();
    }
}
