using Dapper;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Support;

/// <summary>Every column of every table as the database itself describes it, to compare before and after a migration.</summary>
public static class SchemaSnapshot
{
    public sealed record ColumnFacts(string Table, string Column, string Type, bool Nullable, string? Default);

    public static async Task<IReadOnlyList<ColumnFacts>> ReadAsync(TarsDatabase database)
    {
        await using var connection = await database.OpenAsync();
        if (database.Dialect.Provider == DatabaseProvider.MySql)
        {
            var rows = await connection.QueryAsync<(string, string, string, string, string?)>(
                "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS " +
                "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION");
            return rows.Select(r => new ColumnFacts(r.Item1, r.Item2, r.Item3, r.Item4 == "YES", r.Item5)).ToList();
        }

        var tables = await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        var result = new List<ColumnFacts>();
        foreach (var table in tables)
        {
            var columns = await connection.QueryAsync<(long, string, string, long, string?, long)>(
                "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@table) ORDER BY cid", new { table });
            result.AddRange(columns.Select(c => new ColumnFacts(table, c.Item2, c.Item3, c.Item4 == 0, c.Item5)));
        }

        return result;
    }
}
