using System.Data.Common;
using Dapper;
using MySqlConnector;
using TarsDashboard.Core.Data.Schema;

namespace TarsDashboard.Core.Data;

/// <summary>MySQL / MariaDB: a real db_tars, written with the column types Tars itself declares.</summary>
public sealed class MySqlDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.MySql;

    public DbConnection CreateConnection(string connectionString) => new MySqlConnection(connectionString);

    public IEnumerable<string> CreateTable(TableDefinition table)
    {
        var lines = table.Columns.Select(c => c.IsAutoIncrementKey
            ? $"`{c.Name}` int(11) NOT NULL AUTO_INCREMENT"
            : $"`{c.Name}` {c.Definition}").ToList();
        var key = table.Columns.FirstOrDefault(c => c.IsAutoIncrementKey);
        if (key is not null)
        {
            lines.Add($"PRIMARY KEY (`{key.Name}`)");
        }

        lines.AddRange(table.Indexes.Select(i =>
            $"{(i.Unique ? "UNIQUE KEY" : "KEY")} `{i.Name}` ({string.Join(",", i.Columns.Select(c => $"`{c}`"))})"));
        yield return $"CREATE TABLE IF NOT EXISTS `{table.Name}` (\n  {string.Join(",\n  ", lines)}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    public string AddColumn(string table, ColumnDefinition column) =>
        $"ALTER TABLE `{table}` ADD COLUMN `{column.Name}` {column.Definition}";

    public async Task<IReadOnlySet<string>> ListColumnsAsync(DbConnection connection, string table)
    {
        var names = await connection.QueryAsync<string>(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table",
            new { table });
        return names.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public string SelectInsertedId(string insertSql) => insertSql + "; SELECT LAST_INSERT_ID();";

    public bool IsUniqueViolation(Exception exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry };

    // NOW() is in the session's time zone, the same one tarsregistry's now() writes last_heartbeat in.
    public string SecondsSince(string column) => $"TIMESTAMPDIFF(SECOND, {column}, NOW())";

    // UTC_TIMESTAMP, not NOW(): our own stamps do not depend on the session's time zone.
    public string UtcNow(string? secondsParameter = null) => secondsParameter is null
        ? "UTC_TIMESTAMP()"
        : $"DATE_ADD(UTC_TIMESTAMP(), INTERVAL {secondsParameter} SECOND)";

    public string InsertIgnoreInto => "INSERT IGNORE INTO";
}
