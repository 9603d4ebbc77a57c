using Microsoft.AspNetCore.SignalR.Client;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Bench.Logs;

/// <summary>The web app with the lab's engine as node <c>logs1</c> and an admin API token for hub clients.</summary>
internal sealed class LogDashboard : IDisposable
{
    public const string NodeName = "logs1";
    public static readonly Caller Admin = new("admin");

    private readonly BenchWebApp _app;
    private readonly string _token;

    private LogDashboard(BenchWebApp app, string token)
    {
        _app = app;
        _token = token;
    }

    public LogStreamManager Logs => _app.Get<LogStreamManager>();

    public T Get<T>() where T : notnull => _app.Get<T>();

    public Uri BaseUrl => _app.BaseUrl;

    /// <summary>The admin's API token secret, for clients that connect by hand.</summary>
    public string Token => _token;

    public static async Task<LogDashboard> StartAsync(LogLab lab, int bufferCapacity, CancellationToken cancellationToken)
    {
        var app = new BenchWebApp(new Dictionary<string, string?>
        {
            ["Logs:BufferCapacity"] = bufferCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Each measurement starts its own engine stream, so a finished one must not linger.
            ["Logs:LingerSeconds"] = "0",
        });
        try
        {
            await app.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = NodeName, Endpoint = lab.Engine.Endpoint }, cancellationToken);
            var (_, secret) = await app.Get<ApiTokenService>().CreateAsync(Admin, "bench", cancellationToken);
            return new LogDashboard(app, secret);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    public static string SourceId(BenchContainer container) => $"container:{NodeName}:{container.Name}";

    public async Task<HubConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.BaseUrl, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(_token))
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    /// <summary>Waits until no engine stream runs, so the next measurement starts its own.</summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Logs.ActiveSourceCount > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("A log source did not stop after its last viewer left.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public void Dispose() => _app.Dispose();
}
