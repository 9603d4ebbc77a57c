using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>
/// The first-run wizard's database step: tests a MySQL server, creates or adopts <c>db_tars</c> there (the same
/// idempotent migration as at start-up: only missing tables and columns are added, nothing Tars owns is altered), gives
/// it the current admin so the same sign-in works after the switch, and saves the choice for the next start.
/// </summary>
public sealed partial class DatabaseSetupService
{
    private readonly TarsDatabase current;
    private readonly UserRepository users;
    private readonly Operations operations;
    private readonly IConfiguration configuration;
    private readonly IHostEnvironment environment;
    private readonly ILoggerFactory loggers;
    private readonly TimeProvider clock;

    internal DatabaseSetupService(
        TarsDatabase current,
        UserRepository users,
        Operations operations,
        IConfiguration configuration,
        IHostEnvironment environment,
        ILoggerFactory loggers,
        TimeProvider clock)
    {
        this.clock = clock;
        this.current = current;
        this.users = users;
        this.operations = operations;
        this.configuration = configuration;
        this.environment = environment;
        this.loggers = loggers;
    }

    private const int ConnectTimeoutSeconds = 5;

    public DatabaseSettingsFile SettingsFile => DatabaseSettingsFile.For(environment.ContentRootPath, configuration);

    public static IReadOnlyList<FieldError> Validate(MySqlTarget target)
    {
        var errors = new List<FieldError>();
        if (!HostName().IsMatch(target.Host.Trim()))
        {
            errors.Add(new FieldError(nameof(MySqlTarget.Host), "Setup.Host.Invalid", "Enter a host name or IP address."));
        }

        if (target.Port is < 1 or > 65535)
        {
            errors.Add(new FieldError(nameof(MySqlTarget.Port), "Validation.Port", "Enter a port from 1 to 65535."));
        }

        if (!UserName().IsMatch(target.User))
        {
            errors.Add(new FieldError(nameof(MySqlTarget.User), "Setup.User.Invalid", "Enter a MySQL user name (at most 80 characters, no spaces)."));
        }

        if (!DatabaseName().IsMatch(target.Database))
        {
            errors.Add(new FieldError(nameof(MySqlTarget.Database), "Setup.Database.Invalid", "Use letters, digits and '_' only (at most 64)."));
        }

        return errors;
    }

    /// <summary>Connects to the server (not the database) and looks for the database and its Tars tables; stores nothing.</summary>
    public Task<MySqlProbeResult> TestAsync(Caller caller, MySqlTarget target, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "setup.database.test", Describe(target), async audit =>
        {
            ThrowIfInvalid(target);
            var result = await ProbeAsync(target, cancellationToken);
            audit.After = new { result.Reachable, result.ServerVersion, result.DatabaseExists, result.HasTarsTables, result.Error };
            return result;
        }, cancellationToken);

    /// <summary>
    /// Creates or adopts the database, migrates it, copies the caller's account into it when it has no users yet, and
    /// saves it as the database for the next start. The running dashboard keeps its current database until restarted.
    /// </summary>
    public Task PrepareAsync(Caller caller, MySqlTarget target, DatabaseSetupMode mode, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "setup.database.prepare", Describe(target), async audit =>
        {
            ThrowIfInvalid(target);
            var probe = await ProbeAsync(target, cancellationToken);
            if (!probe.Reachable)
            {
                throw new ValidationFailedException(new FieldError(nameof(MySqlTarget.Host), "Setup.Unreachable", $"MySQL did not answer: {probe.Error}", probe.Error ?? ""));
            }

            if (mode == DatabaseSetupMode.Create && probe.HasTarsTables)
            {
                throw new ValidationFailedException(new FieldError(nameof(MySqlTarget.Database), "Setup.Database.HasTars",
                    "This database already holds Tars tables; adopt it instead of creating it.", target.Database));
            }

            if (mode == DatabaseSetupMode.Adopt && !probe.DatabaseExists)
            {
                throw new ValidationFailedException(new FieldError(nameof(MySqlTarget.Database), "Setup.Database.Missing",
                    "There is no such database to adopt; create it instead.", target.Database));
            }

            if (!probe.DatabaseExists)
            {
                await using var server = new MySqlConnection(ConnectionString(target, withDatabase: false));
                await server.OpenAsync(cancellationToken);
                // An identifier cannot be a parameter; Validate allowed only [A-Za-z0-9_] for it.
                await server.ExecuteAsync(new CommandDefinition($"CREATE DATABASE IF NOT EXISTS `{target.Database}` DEFAULT CHARACTER SET utf8",
                    cancellationToken: cancellationToken));
            }

            var connectionString = ConnectionString(target, withDatabase: true);
            var options = new DatabaseOptions { Provider = DatabaseProvider.MySql, ConnectionString = connectionString };
            var database = new TarsDatabase(options, environment.ContentRootPath);
            await new SchemaMigrator(database, loggers.CreateLogger<SchemaMigrator>(), clock).MigrateAsync(cancellationToken);
            var copied = await CopyAccountAsync(caller, database, cancellationToken);
            if (copied)
            {
                // The wizard goes on there after the restart: admin password, first node.
                await new SettingRepository(database, clock).SetAsync(FirstRun.SettingName, FirstRun.Pending, cancellationToken);
            }

            SettingsFile.Write(DatabaseProvider.MySql, connectionString);
            audit.After = new { mode, created = !probe.DatabaseExists, adoptedTars = probe.HasTarsTables, accountCopied = copied, file = SettingsFile.FilePath };
        }, cancellationToken);

    /// <summary>Keeps the embedded database: forgets a MySQL choice saved earlier.</summary>
    public Task KeepEmbeddedAsync(Caller caller, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "setup.database.embedded", current.Describe(), _ =>
        {
            File.Delete(SettingsFile.FilePath);
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<bool> CopyAccountAsync(Caller caller, TarsDatabase target, CancellationToken cancellationToken)
    {
        var targetUsers = new UserRepository(target);
        if (await targetUsers.CountAsync(cancellationToken) > 0)
        {
            return false; // an adopted database keeps its own accounts
        }

        var me = await users.GetAsync(caller.UserName, cancellationToken) ?? throw new InvalidOperationException("The signed-in user is gone.");
        await targetUsers.InsertAsync(new DashboardUser { UserName = me.UserName, PasswordHash = me.PasswordHash, CreatedAt = clock.GetUtcNow().UtcDateTime }, cancellationToken);
        await new GrantRepository(target).InsertAsync(new Grant(me.UserName, Role.Admin, GrantScope.All), cancellationToken);
        return true;
    }

    private static async Task<MySqlProbeResult> ProbeAsync(MySqlTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new MySqlConnection(ConnectionString(target, withDatabase: false));
            await connection.OpenAsync(cancellationToken);
            var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", new { db = target.Database }, cancellationToken: cancellationToken)) > 0;
            var tars = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_NAME = 't_server_conf'",
                new { db = target.Database }, cancellationToken: cancellationToken)) > 0;
            return new MySqlProbeResult(true, connection.ServerVersion, exists, tars, null);
        }
        catch (Exception exception) when (exception is MySqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return new MySqlProbeResult(false, null, false, false, exception.Message);
        }
    }

    // The builder escapes every value, so no input can add connection-string options.
    private static string ConnectionString(MySqlTarget target, bool withDatabase) => new MySqlConnectionStringBuilder
    {
        Server = target.Host.Trim(),
        Port = (uint)target.Port,
        UserID = target.User,
        Password = target.Password,
        Database = withDatabase ? target.Database : "",
        ConnectionTimeout = ConnectTimeoutSeconds,
    }.ConnectionString;

    private static void ThrowIfInvalid(MySqlTarget target)
    {
        var errors = Validate(target);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static string Describe(MySqlTarget target) => $"mysql://{target.User}@{target.Host}:{target.Port}/{target.Database}";

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$|^\\[?[0-9A-Fa-f:]{2,39}\\]?$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[^\\s'\"`;\\\\]{1,80}$")]
    private static partial Regex UserName();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex DatabaseName();
}
