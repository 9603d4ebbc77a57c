using System.Net;
using System.Text.Json;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Web;

/// <summary>The same binary pointed at MariaDB with Database:Provider=MySql.</summary>
[Collection("infra")]
public sealed class MySqlModeTests(InfraFixture infra)
{
    [Fact]
    public async Task The_app_runs_on_mariadb_and_answers_healthz_and_sign_in()
    {
        var connectionString = await infra.MariaDb.CreateDatabaseAsync("db_tars_web");
        using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql",
            ["ConnectionStrings:Tars"] = connectionString,
        });
        using var client = new HttpClient { BaseAddress = app.BaseUrl };

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MySql", json.RootElement.GetProperty("database").GetProperty("provider").GetString());
        Assert.Equal(SignInOutcome.Succeeded, (await app.Get<AccountService>().CheckPasswordAsync("admin", DashboardApp.AdminPassword)).Outcome);
    }
}
