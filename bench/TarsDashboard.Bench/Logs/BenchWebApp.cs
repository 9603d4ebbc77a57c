using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TarsDashboard.Core.Data;
using TarsDashboard.Hubs;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// The real web app (hub included) on Kestrel at a free loopback port with its own SQLite folder, in this process.
/// The factory is keyed on a web type rather than its Program, which this project's own Program would hide.
/// </summary>
internal sealed class BenchWebApp : WebApplicationFactory<LiveHub>
{
    public const string AdminPassword = "Admin-Pass-1";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("td-logs-web-").FullName;

    public BenchWebApp(IDictionary<string, string?> settings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataFolder"] = _dataFolder,
            ["Admin:InitialPassword"] = AdminPassword,
            ["Nodes:RegisterLocalSocket"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        UseKestrel(0);
        StartServer();
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

    public Uri BaseUrl => ClientOptions.BaseAddress;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
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
