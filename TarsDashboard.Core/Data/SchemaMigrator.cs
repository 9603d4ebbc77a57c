using Dapper;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Data.Schema;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Data;

/// <summary>
/// Idempotent start-up migration: creates the tables that are missing, adds the container-mode columns where an
/// older db_tars lacks them and the dashboard's own later columns where an older dashboard made its tables, seeds the
/// <c>tars.default</c> template. Never drops or alters an existing column.
/// </summary>
public sealed class SchemaMigrator(TarsDatabase database, ILogger<SchemaMigrator> logger, TimeProvider clock)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var dialect = database.Dialect;
        if (dialect.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the health monitor read while a page writes.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL");
        }

        foreach (var table in TarsSchema.All.Concat(DashboardSchema.All))
        {
            var existing = await dialect.ListColumnsAsync(connection, table.Name);
            if (existing.Count > 0)
            {
                continue;
            }

            logger.LogInformation("Creating table {Table}", table.Name);
            foreach (var statement in dialect.CreateTable(table))
            {
                await connection.ExecuteAsync(statement);
            }
        }

        foreach (var (table, column) in TarsSchema.UpgradeColumns.Concat(DashboardSchema.UpgradeColumns))
        {
            var existing = await dialect.ListColumnsAsync(connection, table);
            if (!existing.Contains(column.Name))
            {
                logger.LogInformation("Adding column {Table}.{Column}", table, column.Name);
                await connection.ExecuteAsync(dialect.AddColumn(table, column));
            }
        }

        var hasDefault = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM t_profile_template WHERE template_name = @name", new { name = DefaultTemplate.Name });
        if (hasDefault == 0)
        {
            await connection.ExecuteAsync(
                "INSERT INTO t_profile_template (template_name, parents_name, profile, posttime, lastuser) VALUES (@name, '', @profile, @now, 'tarsdashboard')",
                new { name = DefaultTemplate.Name, profile = DefaultTemplate.Profile, now = clock.GetUtcNow().UtcDateTime });
        }
    }
}
