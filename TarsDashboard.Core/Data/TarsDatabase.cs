using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TarsDashboard.Core.Data;

/// <summary>
/// Opens connections to the configured database; every repository goes through it. Its queries are internal to Core:
/// pages and endpoints read and write through the services, which check the caller.
/// </summary>
public sealed class TarsDatabase
{
    private readonly string _connectionString;

    static TarsDatabase()
    {
        // db_tars columns are snake_case; our row types are PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new SqliteDateTimeHandler());
        SqlMapper.AddTypeHandler(new SqliteNullableDateTimeHandler());
    }

    public TarsDatabase(IOptions<DatabaseOptions> options, IHostEnvironment environment)
        : this(options.Value, environment.ContentRootPath)
    {
    }

    public TarsDatabase(DatabaseOptions options, string contentRoot)
    {
        Options = options;
        Dialect = options.Provider == DatabaseProvider.MySql ? new MySqlDialect() : new SqliteDialect();
        _connectionString = options.EffectiveConnectionString(contentRoot);
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Tars is required when Database:Provider is MySql.");
        }
    }

    public DatabaseOptions Options { get; }

    public ISqlDialect Dialect { get; }

    public int CommandTimeout => Options.CommandTimeoutSeconds;

    /// <summary>Wraps every connection handed out once it is open (tests count the commands a call sends); null in the app.</summary>
    internal Func<DbConnection, DbConnection>? WrapConnection { get; set; }

    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Dialect.Provider == DatabaseProvider.Sqlite)
            {
                // Wait for a writer instead of failing at once; foreign keys are not used.
                await connection.ExecuteAsync("PRAGMA busy_timeout = 5000");
            }

            return WrapConnection?.Invoke(connection) ?? connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(Command(sql, parameters, cancellationToken));
        return rows.AsList();
    }

    internal async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));
    }

    internal async Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken));
    }

    internal async Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(Command(sql, parameters, cancellationToken));
    }

    /// <summary>Runs an INSERT and returns the generated id.</summary>
    internal async Task<int> InsertAsync(string insertSql, object parameters, CancellationToken cancellationToken = default) =>
        await ExecuteScalarAsync<int>(Dialect.SelectInsertedId(insertSql), parameters, cancellationToken);

    internal CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, commandTimeout: CommandTimeout, cancellationToken: cancellationToken);

    /// <summary>A short description safe to show: provider and server/file, never the password.</summary>
    public string Describe()
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = _connectionString };
        foreach (var key in new[] { "Server", "Host", "Data Source" })
        {
            if (builder.TryGetValue(key, out var value))
            {
                return $"{Dialect.Provider}: {value}";
            }
        }

        return Dialect.Provider.ToString();
    }
}
