using Dapper;
using Microsoft.Extensions.Configuration;
using MySqlConnector;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Deploy.Setup;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Deploy;

/// <summary>The first-run wizard's database step against a real MariaDB: test, create, adopt, and the saved choice.</summary>
[Collection("infra")]
public sealed class DatabaseSetupTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    private MySqlTarget Target(string database) => new()
    {
        Host = "127.0.0.1",
        Port = infra.MariaDb.Port,
        User = "root",
        Password = infra.MariaDb.RootPassword,
        Database = database,
    };

    private static string UniqueName() => "setup_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task An_empty_embedded_database_marks_the_first_run_wizard_pending()
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        Assert.True(await host.Get<FirstRun>().IsPendingAsync());
        await host.Get<FirstRun>().MarkCompletedAsync(Admin);
        Assert.False(await host.Get<FirstRun>().IsPendingAsync());
        Assert.Equal(1, await host.Get<TarsDatabase>().ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tdash_audit WHERE action = 'setup.complete' AND result = 'ok'"));
    }

    [Fact]
    public async Task Creating_db_tars_migrates_it_copies_the_admin_and_saves_the_choice_encrypted_for_the_next_start()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var setup = host.Get<DatabaseSetupService>();
        var target = Target(UniqueName());

        var before = await setup.TestAsync(Admin, target);
        Assert.Equal((true, false, false), (before.Reachable, before.DatabaseExists, before.HasTarsTables));
        Assert.Equal(DatabaseSetupMode.Create, before.SuggestedMode);

        await setup.PrepareAsync(Admin, target, DatabaseSetupMode.Create);

        var after = await setup.TestAsync(Admin, target);
        Assert.Equal((true, true), (after.DatabaseExists, after.HasTarsTables));
        await using (var mysql = new MySqlConnection(infra.MariaDb.ConnectionString(target.Database)))
        {
            var admin = await mysql.QuerySingleAsync<(string Name, string Hash)>("SELECT user_name, password_hash FROM tdash_user");
            Assert.Equal(("admin", (await host.Get<UserRepository>().GetAsync("admin"))!.PasswordHash), admin);
            Assert.Equal((int)Role.Admin, await mysql.ExecuteScalarAsync<int>("SELECT role FROM tdash_grant WHERE user_name = 'admin' AND scope = '*'"));
            Assert.Equal(FirstRun.Pending, await mysql.ExecuteScalarAsync<string>("SELECT value FROM tdash_setting WHERE name = @n", new { n = FirstRun.SettingName }));
        }

        var file = setup.SettingsFile;
        var text = await File.ReadAllTextAsync(file.FilePath);
        Assert.DoesNotContain(infra.MariaDb.RootPassword, text);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.FilePath));
        }
        var saved = file.Read();
        Assert.Equal(DatabaseProvider.MySql, saved!.Value.Provider);
        Assert.Contains(infra.MariaDb.RootPassword, saved.Value.ConnectionString);

        // At the next start the saved choice applies, below environment variables and the command line.
        var appsettings = Path.Combine(Path.GetDirectoryName(file.FilePath)!, "appsettings.json");
        await File.WriteAllTextAsync(appsettings, "{}");
        var configuration = new ConfigurationBuilder().AddJsonFile(appsettings);
        file.AddTo(configuration);
        Assert.Equal("MySql", configuration.Build()["Database:Provider"]);
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" });
        Assert.Equal("Sqlite", configuration.Build()["Database:Provider"]);

        await setup.KeepEmbeddedAsync(Admin);
        Assert.Null(file.Read());
    }

    [Fact]
    public async Task An_existing_db_tars_is_adopted_with_its_rows_and_cannot_be_created_over()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var setup = host.Get<DatabaseSetupService>();
        var name = UniqueName();
        var connectionString = await infra.MariaDb.CreateDatabaseAsync(name);
        await using (var mysql = new MySqlConnection(connectionString))
        {
            await mysql.ExecuteAsync("CREATE TABLE t_server_conf (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, application varchar(128) DEFAULT '', server_name varchar(128) DEFAULT '', node_name varchar(50) DEFAULT '', legacy_extra varchar(10) DEFAULT 'x')");
            await mysql.ExecuteAsync("INSERT INTO t_server_conf (application, server_name, node_name) VALUES ('Test', 'HelloServer', '10.0.0.1')");
        }

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => setup.PrepareAsync(Admin, Target(name), DatabaseSetupMode.Create));
        Assert.Equal("Setup.Database.HasTars", refused.For("Database")?.Code);
        Assert.Equal(DatabaseSetupMode.Adopt, (await setup.TestAsync(Admin, Target(name))).SuggestedMode);

        await setup.PrepareAsync(Admin, Target(name), DatabaseSetupMode.Adopt);

        await using var adopted = new MySqlConnection(connectionString);
        Assert.Equal(("Test", "HelloServer", "x"), await adopted.QuerySingleAsync<(string, string, string)>("SELECT application, server_name, legacy_extra FROM t_server_conf"));
        Assert.Equal(1, await adopted.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @name AND TABLE_NAME = 't_adapter_conf'", new { name }));
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => setup.PrepareAsync(Admin, Target(UniqueName()), DatabaseSetupMode.Adopt));
        Assert.Equal("Setup.Database.Missing", missing.For("Database")?.Code);
    }

    [Fact]
    public async Task Bad_input_and_an_unreachable_server_are_refused_and_nothing_is_saved()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var setup = host.Get<DatabaseSetupService>();
        var bad = Target("db`; DROP DATABASE mysql; --");
        bad.Host = "bad host";
        bad.Port = 70000;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => setup.PrepareAsync(Admin, bad, DatabaseSetupMode.Create));
        Assert.Equal(["Database", "Host", "Port"], refused.Errors.Select(e => e.Field).Order());

        var closed = Target(UniqueName());
        closed.Port = FreePort.Next();
        Assert.False((await setup.TestAsync(Admin, closed)).Reachable);
        var unreachable = await Assert.ThrowsAsync<ValidationFailedException>(() => setup.PrepareAsync(Admin, closed, DatabaseSetupMode.Create));
        Assert.Equal("Setup.Unreachable", unreachable.For("Host")?.Code);
        Assert.False(File.Exists(setup.SettingsFile.FilePath));
    }

    [Fact]
    public async Task A_developer_may_not_change_the_database()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        await host.Get<UserService>().CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<DatabaseSetupService>().TestAsync(new Caller("dev1"), Target(UniqueName())));
    }
}
