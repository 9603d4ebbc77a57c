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

    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static string? _seedFile;

    /// <summary>
    /// A host on a fresh embedded SQLite file. Unless the test sets database or admin settings, the file starts as a
    /// copy of one migrated once per test run: migrating and hashing the first admin's password took most of a
    /// host's start, and the copy is byte for byte what a fresh migration gives.
    /// </summary>
    public static async Task<CoreHost> CreateSqliteAsync(IDictionary<string, string?>? settings = null)
    {
        var seeded = settings is null || !settings.Keys.Any(key =>
            key.StartsWith("Database:", StringComparison.Ordinal) || key.StartsWith("Admin:", StringComparison.Ordinal)
            || key.StartsWith("ConnectionStrings:", StringComparison.Ordinal));
        return await CreateAsync(DatabaseProvider.Sqlite, "", settings, seeded ? await SeedFileAsync() : null);
    }

    private static async Task<string> SeedFileAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (_seedFile is null)
            {
                var host = await CreateAsync(DatabaseProvider.Sqlite, "");
                var file = Path.Combine(host._contentRoot, "data", "tarsdashboard.db");
                var seed = Path.Combine(Directory.CreateTempSubdirectory("tdash-seed-").FullName, "tarsdashboard.db");
                await host.DisposeWithoutDeleteAsync();
                File.Copy(file, seed);
                Directory.Delete(host._contentRoot, recursive: true);
                _seedFile = seed;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Path.GetDirectoryName(seed)!, recursive: true);
            }

            return _seedFile;
        }
        finally
        {
            SeedLock.Release();
        }
    }

    /// <summary>Builds the graph and migrates the database; hosted services (health monitor) run only after <see cref="StartAsync"/>.</summary>
    public static async Task<CoreHost> CreateAsync(DatabaseProvider provider, string connectionString,
        IDictionary<string, string?>? settings = null, string? sqliteSeedFile = null)
    {
        var contentRoot = Directory.CreateTempSubdirectory("tdash-core-").FullName;
        if (sqliteSeedFile is not null)
        {
            Directory.CreateDirectory(Path.Combine(contentRoot, "data"));
            File.Copy(sqliteSeedFile, Path.Combine(contentRoot, "data", "tarsdashboard.db"));
        }

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
        await DisposeWithoutDeleteAsync();
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }

    private async Task DisposeWithoutDeleteAsync()
    {
        if (_started)
        {
            await Host.StopAsync();
        }

        Host.Dispose();
        // Closes the pooled connections, so that the file is complete on disk (no WAL left) and can be deleted.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
