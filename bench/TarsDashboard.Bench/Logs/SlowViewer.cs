using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// A viewer on a slow link: the SignalR JSON protocol spoken over a bare WebSocket that reads a few KB at a time
/// with pauses, so the server meets real TCP back-pressure (the .NET SignalR client would instead read at full speed
/// into an unbounded queue of its own). It counts the lines it gets and the gap items it is sent.
/// </summary>
internal sealed class SlowViewer : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private long _lines;
    private long _missed;
    private int _dropped;

    public long Lines => Interlocked.Read(ref _lines);

    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>
    /// The server closed this viewer: SignalR aborts a connection whose one send waits longer than its
    /// TransportSendTimeout (10 s), which a link this slow can reach once the socket buffers are full.
    /// </summary>
    public bool Dropped => Volatile.Read(ref _dropped) != 0;

    public static async Task<SlowViewer> ConnectAsync(Uri baseUrl, string token, string sourceId, CancellationToken cancellationToken)
    {
        var viewer = new SlowViewer();
        viewer._socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        var url = new UriBuilder(new Uri(baseUrl, "/hubs/live")) { Scheme = "ws" }.Uri;
        await viewer._socket.ConnectAsync(url, cancellationToken);
        await viewer.SendAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        var invocation = JsonSerializer.Serialize(new
        {
            type = 4,
            invocationId = "1",
            target = "StreamLogs",
            arguments = new object[] { sourceId, 0L, 0 },
        });
        await viewer.SendAsync(invocation, cancellationToken);
        return viewer;
    }

    /// <summary>Reads <paramref name="chunkBytes"/> at a time with <paramref name="pause"/> between reads until cancelled.</summary>
    public async Task ReadSlowlyAsync(int chunkBytes, TimeSpan pause, CancellationToken cancellationToken)
    {
        var buffer = new byte[chunkBytes];
        var pending = new StringBuilder();
        var pinged = DateTime.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // The server drops a client it has not heard from for 30 s; SignalR clients ping every 15 s.
                if (DateTime.UtcNow - pinged > TimeSpan.FromSeconds(10))
                {
                    await SendAsync("{\"type\":6}", cancellationToken);
                    pinged = DateTime.UtcNow;
                }

                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                Count(pending);
                await Task.Delay(pause, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
        catch (WebSocketException) when (!cancellationToken.IsCancellationRequested)
        {
            // An outcome to report, not a bench failure: before, it faulted this reader and the whole run ended
            // at the end of the memory phase without its table.
            Volatile.Write(ref _dropped, 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }

    private Task SendAsync(string message, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);

    // Complete records end with the separator; the bench's lines are ASCII, so a chunk never splits a character.
    private void Count(StringBuilder pending)
    {
        var text = pending.ToString();
        var end = text.LastIndexOf(RecordSeparator);
        if (end < 0)
        {
            return;
        }

        foreach (var record in text[..end].Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            using var message = JsonDocument.Parse(record);
            if (!message.RootElement.TryGetProperty("item", out var item))
            {
                continue; // handshake, pings
            }

            if (item.GetProperty("isGap").GetBoolean())
            {
                Interlocked.Add(ref _missed, item.GetProperty("missed").GetInt64());
            }
            else
            {
                Interlocked.Increment(ref _lines);
            }
        }

        pending.Remove(0, end + 1);
    }
}
