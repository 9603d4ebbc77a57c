using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using TarsDashboard.Core.Data.Schema;

namespace TarsDashboard.Core.Data;

/// <summary>Embedded default: maps db_tars' MySQL column types onto SQLite storage classes.</summary>
public sealed partial class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public IEnumerable<string> CreateTable(TableDefinition table)
    {
        var columns = table.Columns.Select(c => c.IsAutoIncrementKey
            ? $"{c.Name} INTEGER PRIMARY KEY AUTOINCREMENT"
            : $"{c.Name} {ToSqlite(c.Definition)}");
        yield return $"CREATE TABLE IF NOT EXISTS {table.Name} (\n  {string.Join(",\n  ", columns)}\n)";
        foreach (var index in table.Indexes)
        {
            var unique = index.Unique ? "UNIQUE " : "";
            // SQLite index names are global, so qualify them with the table.
            yield return $"CREATE {unique}INDEX IF NOT EXISTS {table.Name}_{index.Name} ON {table.Name} ({string.Join(", ", index.Columns)})";
        }
    }

    public string AddColumn(string table, ColumnDefinition column) =>
        $"ALTER TABLE {table} ADD COLUMN {column.Name} {ToSqlite(column.Definition)}";

    public async Task<IReadOnlySet<string>> ListColumnsAsync(DbConnection connection, string table)
    {
        var names = await connection.QueryAsync<string>("SELECT name FROM pragma_table_info(@table)", new { table });
        return names.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public string SelectInsertedId(string insertSql) => insertSql + "; SELECT last_insert_rowid();";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } e && e.Message.Contains("UNIQUE", StringComparison.Ordinal);

    // julianday reads the text Microsoft.Data.Sqlite writes ("yyyy-MM-dd HH:mm:ss.fffffff"); 'now' is UTC, as the dashboard writes.
    public string SecondsSince(string column) => $"CAST(ROUND((julianday('now') - julianday({column})) * 86400) AS INTEGER)";

    // The same text layout whatever the offset, so that stamps compare as text; 'now' is UTC in SQLite.
    public string UtcNow(string? secondsParameter = null) => secondsParameter is null
        ? "strftime('%Y-%m-%d %H:%M:%f', 'now')"
        : $"strftime('%Y-%m-%d %H:%M:%f', 'now', {secondsParameter} || ' seconds')";

    public string InsertIgnoreInto => "INSERT OR IGNORE INTO";

    /// <summary>Turns <c>varchar(128) NOT NULL DEFAULT ''</c> into <c>TEXT NOT NULL DEFAULT ''</c>.</summary>
    internal static string ToSqlite(string mySqlDefinition)
    {
        var match = LeadingType().Match(mySqlDefinition);
        var type = match.Groups["type"].Value.ToLowerInvariant();
        var storage = type switch
        {
            "int" or "tinyint" or "smallint" or "mediumint" or "bigint" => "INTEGER",
            "float" or "double" or "decimal" => "REAL",
            _ => "TEXT",
        };
        var rest = mySqlDefinition[match.Length..];
        rest = MySqlOnly().Replace(rest, "");
        return (storage + " " + rest.Trim()).Trim();
    }

    [GeneratedRegex(@"^\s*(?<type>\w+)(\([^)]*\))?(\s+unsigned)?", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingType();

    [GeneratedRegex(@"\s+ON UPDATE CURRENT_TIMESTAMP|\s+COMMENT\s+'[^']*'|\s+(CHARACTER SET|COLLATE)\s+\w+", RegexOptions.IgnoreCase)]
    private static partial Regex MySqlOnly();
}
