using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// A private MariaDB server on a free loopback port with a random root password. It can be stopped and started
/// again on the same port and data directory, to simulate a database outage.
/// </summary>
public sealed partial class MariaDbInstance : IAsyncDisposable
{
    private ServerProcess? _mariadbd;
    private bool _rootPasswordSet;
    private bool _disposed;

    public MariaDbInstance()
    {
        WorkDirectory = ShortTempDirectory.Create("mariadb");
        Port = FreePort.Next();
        RootPassword = RandomNumberGenerator.GetHexString(32, lowercase: true);
    }

    /// <summary>The server's private directory: data directory, socket and mariadbd.log.</summary>
    public string WorkDirectory { get; }

    public int Port { get; }

    public string RootPassword { get; }

    public bool IsRunning => _mariadbd is { HasExited: false };

    private string DataDirectory => Path.Combine(WorkDirectory, "data");

    /// <summary>A MySqlConnector connection string for root over TCP to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) => RootConnection(RootPassword, database).ConnectionString;

    /// <summary>Initializes the data directory on first use, starts mariadbd and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException("MariaDB is already running.");
        }

        _mariadbd?.Dispose();
        _mariadbd = null;

        if (!Directory.Exists(DataDirectory))
        {
            await ExternalCommand.RunCheckedAsync(
                "mariadb-install-db",
                [
                    "--no-defaults",
                    $"--datadir={DataDirectory}",
                    "--user=root",
                    // Password logins for root (instead of unix_socket auth), so TCP clients can sign in.
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ],
                cancellationToken);
        }

        // Until the first start has set it, root has an empty password.
        var password = _rootPasswordSet ? RootPassword : "";
        _mariadbd = await ServerProcess.StartAsync(
            "mariadbd",
            "mariadbd",
            [
                "--no-defaults",
                $"--datadir={DataDirectory}",
                $"--socket={Path.Combine(WorkDirectory, "mysql.sock")}",
                $"--port={Port}",
                "--bind-address=127.0.0.1",
                "--user=root",
                "--skip-log-bin",
                // Clients on 127.0.0.1 then match root@127.0.0.1 without a reverse DNS lookup.
                "--skip-name-resolve",
            ],
            Path.Combine(WorkDirectory, "mariadbd.log"),
            async ct =>
            {
                await using var connection = new MySqlConnection(ServerConnectionString(password));
                await connection.OpenAsync(ct);
                return true;
            },
            cancellationToken);

        if (!_rootPasswordSet)
        {
            await SetRootPasswordAsync(cancellationToken);
        }
    }

    /// <summary>Stops mariadbd with SIGTERM and waits until it has shut down.</summary>
    public async Task StopAsync()
    {
        if (_mariadbd is null)
        {
            return;
        }

        await _mariadbd.StopAsync();
        _mariadbd.Dispose();
        _mariadbd = null;
    }

    /// <summary>Creates the database <paramref name="name"/> and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        // Identifiers cannot be parameters, so only plain names are accepted.
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (letters, digits, underscores).", nameof(name));
        }

        await using var connection = new MySqlConnection(ServerConnectionString(RootPassword));
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand($"CREATE DATABASE `{name}`", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Stops the server and removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        await ShortTempDirectory.DeleteAsync(WorkDirectory);
    }

    private async Task SetRootPasswordAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(ServerConnectionString(""));
        await connection.OpenAsync(cancellationToken);
        // mariadb-install-db creates root for the socket (localhost) and for both loopback addresses.
        await using var command = new MySqlCommand(
            """
            ALTER USER IF EXISTS 'root'@'localhost' IDENTIFIED BY @password;
            ALTER USER IF EXISTS 'root'@'127.0.0.1' IDENTIFIED BY @password;
            ALTER USER IF EXISTS 'root'@'::1' IDENTIFIED BY @password;
            """,
            connection);
        command.Parameters.AddWithValue("@password", RootPassword);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _rootPasswordSet = true;
    }

    private MySqlConnectionStringBuilder RootConnection(string password, string database) =>
        new()
        {
            Server = "127.0.0.1",
            Port = (uint)Port,
            UserID = "root",
            Password = password,
            Database = database,
        };

    // For the fixture's own connections. Pooling is off so that no pooled connection outlives a stop of the server.
    private string ServerConnectionString(string password)
    {
        var builder = RootConnection(password, database: "");
        builder.Pooling = false;
        builder.ConnectionTimeout = 5;
        return builder.ConnectionString;
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex DatabaseName();
}
