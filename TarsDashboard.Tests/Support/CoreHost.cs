using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TarsDashboard.Core;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Support;

/// <summary>The Core service graph as the web app builds it, on a database of the test's choosing.</summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly string _contentRoot;
    private bool _started;

    private CoreHost(IHost host, string contentRoot)
    {
        Host = host;
        _contentRoot = contentRoot;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>A host on a fresh embedded SQLite file.</summary>
    public static Task<CoreHost> CreateSqliteAsync(IDictionary<string, string?>? settings = null) =>
        CreateAsync(DatabaseProvider.Sqlite, "", settings);

    /// <summary>Builds the graph and migrates the database; hosted services (health monitor) run only after <see cref="StartAsync"/>.</summary>
    public static async Task<CoreHost> CreateAsync(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null)
    {
        var contentRoot = Directory.CreateTempSubdirectory("tdash-core-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot,
            DisableDefaults = true,
        });
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Tars"] = connectionString,
            ["Admin:InitialPassword"] = "Initial-Pass-1",
            ["Nodes:RegisterLocalSocket"] = "false",
            ["Nodes:HealthIntervalSeconds"] = "0.5",
            ["Nodes:MaxRetrySeconds"] = "1",
            ["Nodes:ProbeTimeoutSeconds"] = "3",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddLogging();
        builder.Services.AddTarsDashboardCore(builder.Configuration);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return new CoreHost(host, contentRoot);
    }

    public async Task StartAsync()
    {
        _started = true;
        await Host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Host.StopAsync();
        }

        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }
}
