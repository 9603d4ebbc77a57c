using System.Net.Http.Json;
using System.Text.Json;
using TarsDashboard.Core.Deploy.Setup;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>
/// The first-run wizard's MySQL choice survives a restart of the real app process: the next start runs on MySQL,
/// and a command-line setting still overrides it.
/// </summary>
[Collection("infra")]
public sealed class SetupRestartTests(InfraFixture infra)
{
    [Fact]
    public async Task After_preparing_mysql_the_next_start_runs_on_it_and_the_command_line_still_wins()
    {
        var dataFolder = Directory.CreateTempSubdirectory("tdash-setup-").FullName;
        try
        {
            await using (var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Database:DataFolder"] = dataFolder }))
            {
                var target = new MySqlTarget
                {
                    Host = "127.0.0.1",
                    Port = infra.MariaDb.Port,
                    User = "root",
                    Password = infra.MariaDb.RootPassword,
                    Database = "setup_restart_" + Guid.NewGuid().ToString("N")[..8],
                };
                await host.Get<DatabaseSetupService>().PrepareAsync(new Caller("admin"), target, DatabaseSetupMode.Create);
            }

            Assert.Equal("MySql", await ProviderAfterStartAsync(dataFolder));
            Assert.Equal("Sqlite", await ProviderAfterStartAsync(dataFolder, "--Database:Provider=Sqlite"));
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    /// <summary>Starts the built app as its own process on the data folder and reads the provider from /healthz.</summary>
    private static async Task<string?> ProviderAfterStartAsync(string dataFolder, params string[] extra)
    {
        var port = FreePort.Next();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var app = Path.Combine(AppContext.BaseDirectory, "TarsDashboard.dll");
        string[] arguments =
        [
            app, "--urls", $"http://127.0.0.1:{port}", $"--Database:DataFolder={dataFolder}", "--Nodes:RegisterLocalSocket=false",
            "--Admin:InitialPassword=Unused-Pass-1", "--contentRoot", AppContext.BaseDirectory, .. extra,
        ];
        string? provider = null;
        using var process = await ServerProcess.StartAsync("dashboard", "dotnet", arguments, Path.Combine(dataFolder, $"app-{port}.log"), async cancellationToken =>
        {
            try
            {
                using var json = JsonDocument.Parse(await client.GetStringAsync("/healthz", cancellationToken));
                provider = json.RootElement.GetProperty("database").GetProperty("provider").GetString();
                return json.RootElement.GetProperty("database").GetProperty("ok").GetBoolean();
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, CancellationToken.None);
        await process.StopAsync();
        return provider;
    }
}
