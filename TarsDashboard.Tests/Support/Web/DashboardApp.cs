using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// The real web app on Kestrel at a free loopback port, on its own embedded database in a temp folder
/// (or the MariaDB the test names), so a browser or a SignalR client can reach it.
/// </summary>
public sealed class DashboardApp : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-Pass-1";

    private static readonly Lock StartLock = new();

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("tdash-web-").FullName;

    /// <param name="waitForDatabase">Return only once the start-up migration and the first admin are done.</param>
    public DashboardApp(IDictionary<string, string?>? settings = null, bool waitForDatabase = true)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataFolder"] = _dataFolder,
            ["Admin:InitialPassword"] = AdminPassword,
            ["Nodes:RegisterLocalSocket"] = "false",
            ["Nodes:HealthIntervalSeconds"] = "1",
            ["Nodes:MaxRetrySeconds"] = "2",
            ["Nodes:ProbeTimeoutSeconds"] = "3",
            // The recorder would keep a stats stream open for every service container of every test; tests that
            // check recording turn it on.
            ["Monitoring:RecordHistory"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
        // The minimal-hosting factory finds the app's host through a process-wide diagnostic listener, so two apps
        // starting at once (test classes run in parallel) can catch each other's host: start one at a time.
        lock (StartLock)
        {
            StartServer();
        }

        if (waitForDatabase)
        {
            var status = Get<DatabaseStatus>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!status.IsReady)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The database did not become ready: {status.LastError}");
                }

                Thread.Sleep(50);
            }
        }
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl => ClientOptions.BaseAddress;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Registers a node straight in the database (no engine probe), as the tests' setup needs it.</summary>
    public Task<int> AddNodeAsync(string name, string endpoint, string management = NodeManagement.Engine) =>
        Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = name, Endpoint = endpoint, Management = management, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        // Settings Program.cs reads while it registers services (Redis:Configuration) must be host settings as well:
        // the collection above is only added once the app's builder is built.
        foreach (var (key, value) in _settings.Where(s => s.Key.StartsWith("Redis:", StringComparison.Ordinal)))
        {
            builder.UseSetting(key, value);
        }
        // A browser still connected when a test ends would otherwise hold the shutdown for the default 30 s.
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Only a temp folder is left behind.
        }
    }
}
