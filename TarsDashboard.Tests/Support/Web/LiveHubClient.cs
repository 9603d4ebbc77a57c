using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Hubs;

namespace TarsDashboard.Tests.Web;

/// <summary>A token client of <c>/hubs/live</c> as a tool connects it: its event stream read into a channel.</summary>
public sealed class LiveHubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private LiveHubClient(HubConnection connection, ChannelReader<LiveEventDto> events) => (_connection, Events) = (connection, events);

    public ChannelReader<LiveEventDto> Events { get; }

    public HubConnectionState State => _connection.State;

    public static async Task<LiveHubClient> ConnectAsync(Uri baseUrl, string secret)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(secret))
            .Build();
        await connection.StartAsync();
        var channel = Channel.CreateUnbounded<LiveEventDto>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in connection.StreamAsync<LiveEventDto>("StreamEvents"))
                {
                    await channel.Writer.WriteAsync(item);
                }
            }
            catch (Exception exception)
            {
                // The reader then fails with why the stream ended instead of waiting out its timeout.
                channel.Writer.TryComplete(exception);
            }
        });
        return new LiveHubClient(connection, channel.Reader);
    }

    /// <summary>The next event of <paramref name="topic"/> that <paramref name="match"/> accepts, or null after <paramref name="timeout"/>.</summary>
    public async Task<LiveEventDto?> TryNextAsync(string topic, TimeSpan timeout, Func<LiveEventDto, bool>? match = null)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var item = await Events.ReadAsync(cancellation.Token);
                if (item.Topic == topic && (match?.Invoke(item) ?? true))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<LiveEventDto> NextAsync(string topic, TimeSpan timeout, Func<LiveEventDto, bool>? match = null) =>
        await TryNextAsync(topic, timeout, match) ?? throw new Xunit.Sdk.XunitException($"no {topic} within {timeout.TotalMilliseconds} ms");

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
