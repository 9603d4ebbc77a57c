using System.Data.Common;
using Dapper;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Configs;

/// <summary>
/// Reads and writes <c>t_config_files</c>, <c>t_config_history_files</c> and <c>t_config_references</c> with the columns
/// the web platform uses. A file's change and its history row are written in one transaction, so no version is lost.
/// </summary>
internal sealed class ConfigFileRepository(TarsDatabase database)
{
    private const string FileColumns =
        "id, server_name, set_name, set_area, set_group, host, filename, config, posttime, lastuser, level, config_flag";

    private const string HistoryColumns = "id, configid, reason, reason_select, content, posttime, lastuser";

    /// <summary>The files of one scope (all of that level with the scope's server_name, SET and host), by file name.</summary>
    public Task<IReadOnlyList<ConfigFileRow>> ListAsync(ConfigScope scope, CancellationToken cancellationToken = default)
    {
        // A service's node files are listed for every node; the others are narrowed to the scope's own host.
        var host = scope.Kind == ConfigScopeKind.Node && scope.Host.Length == 0 ? "" : "AND host = @Host ";
        return database.QueryAsync<ConfigFileRow>(
            $"SELECT {FileColumns} FROM t_config_files WHERE level = @Level AND server_name = @ServerName " +
            $"AND set_name = @SetName AND set_area = @SetArea AND set_group = @SetGroup {host}ORDER BY filename, host, id",
            Parameters(scope), cancellationToken);
    }

    public Task<ConfigFileRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ConfigFileRow>($"SELECT {FileColumns} FROM t_config_files WHERE id = @id", new { id }, cancellationToken);

    /// <summary>The file of that name in the scope, or null (the unique key's columns, compared as the database compares them).</summary>
    public async Task<ConfigFileRow?> FindAsync(ConfigScope scope, string filename, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<ConfigFileRow>(
            $"SELECT {FileColumns} FROM t_config_files WHERE level = @Level AND server_name = @ServerName AND filename = @Filename " +
            "AND host = @Host AND set_name = @SetName AND set_area = @SetArea AND set_group = @SetGroup ORDER BY id",
            new { scope.Level, scope.ServerName, Filename = filename, scope.Host, scope.SetName, scope.SetArea, scope.SetGroup }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Inserts the file and its first history row ("add config", as the web platform writes it); returns the file's id.</summary>
    public async Task<int> InsertAsync(ConfigFileRow row, string reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        row.Id = await connection.ExecuteScalarAsync<int>(new CommandDefinition(database.Dialect.SelectInsertedId(
                "INSERT INTO t_config_files (server_name, set_name, set_area, set_group, host, filename, config, posttime, lastuser, level, config_flag) " +
                "VALUES (@ServerName, @SetName, @SetArea, @SetGroup, @Host, @Filename, @Config, @Posttime, @Lastuser, @Level, @ConfigFlag)"),
            row, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        await InsertHistoryAsync(connection, transaction, row, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row.Id;
    }

    /// <summary>
    /// Writes the new text and its history row, only while the stored text is still <paramref name="expectedText"/>
    /// (compared byte for byte here, not by the database's collation); false when someone changed it meanwhile.
    /// </summary>
    public async Task<(bool Written, int HistoryId)> UpdateAsync(ConfigFileRow row, string? expectedText, string reason,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await connection.QuerySingleOrDefaultAsync<ConfigFileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM t_config_files WHERE id = @Id", new { row.Id }, transaction, database.CommandTimeout,
            cancellationToken: cancellationToken));
        if (current is null || (expectedText is not null && !string.Equals(current.Config ?? "", expectedText, StringComparison.Ordinal)))
        {
            return (false, 0);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE t_config_files SET config = @Config, posttime = @Posttime, lastuser = @Lastuser WHERE id = @Id",
            row, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        var historyId = await InsertHistoryAsync(connection, transaction, row, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, historyId);
    }

    private async Task<int> InsertHistoryAsync(DbConnection connection, DbTransaction transaction, ConfigFileRow row, string reason,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(database.Dialect.SelectInsertedId(
                "INSERT INTO t_config_history_files (configid, reason, reason_select, content, posttime, lastuser) " +
                "VALUES (@ConfigId, @Reason, '', @Content, @Posttime, @Lastuser)"),
            new { ConfigId = row.Id, Reason = reason, Content = row.Config, row.Posttime, row.Lastuser },
            transaction, database.CommandTimeout, cancellationToken: cancellationToken));

    /// <summary>Deletes the files and the references they make; their history rows stay (as in the web platform).</summary>
    public async Task DeleteAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM t_config_references WHERE config_id IN @ids",
            new { ids }, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM t_config_files WHERE id IN @ids",
            new { ids }, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The versions of a file, newest first, one page of them, and how many there are.</summary>
    public async Task<(IReadOnlyList<ConfigHistoryRow> Rows, int Total)> ListHistoryAsync(int configId, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<ConfigHistoryRow>(
            $"SELECT {HistoryColumns} FROM t_config_history_files WHERE configid = @configId ORDER BY id DESC LIMIT @limit OFFSET @offset",
            new { configId, limit, offset }, cancellationToken);
        var total = await database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_config_history_files WHERE configid = @configId",
            new { configId }, cancellationToken);
        return (rows, total);
    }

    public Task<ConfigHistoryRow?> GetHistoryAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ConfigHistoryRow>($"SELECT {HistoryColumns} FROM t_config_history_files WHERE id = @id",
            new { id }, cancellationToken);

    /// <summary>The files <paramref name="configId"/> references, in the order tarsconfig merges them (by reference id).</summary>
    public async Task<IReadOnlyList<ConfigReference>> ListReferencesAsync(int configId, CancellationToken cancellationToken = default)
    {
        var references = await database.QueryAsync<(int Id, int ReferenceId)>(
            "SELECT id, reference_id FROM t_config_references WHERE config_id = @configId ORDER BY id", new { configId }, cancellationToken);
        if (references.Count == 0)
        {
            return [];
        }

        var files = (await database.QueryAsync<ConfigFileRow>($"SELECT {FileColumns} FROM t_config_files WHERE id IN @ids",
            new { ids = references.Select(r => r.ReferenceId).Distinct().ToList() }, cancellationToken)).ToDictionary(f => f.Id);
        // A reference to a file that is gone is skipped, as tarsconfig skips what it cannot load.
        return [.. references.Where(r => files.ContainsKey(r.ReferenceId)).Select(r => new ConfigReference(r.Id, configId, files[r.ReferenceId]))];
    }

    /// <summary>The ids of the files that reference <paramref name="referenceId"/>.</summary>
    public Task<IReadOnlyList<int>> ListReferrersAsync(int referenceId, CancellationToken cancellationToken = default) =>
        database.QueryAsync<int>("SELECT config_id FROM t_config_references WHERE reference_id = @referenceId ORDER BY config_id",
            new { referenceId }, cancellationToken);

    public async Task<int> InsertReferenceAsync(int configId, int referenceId, CancellationToken cancellationToken = default) =>
        await database.InsertAsync("INSERT INTO t_config_references (config_id, reference_id) VALUES (@configId, @referenceId)",
            new { configId, referenceId }, cancellationToken);

    public Task<int> DeleteReferenceAsync(int configId, int referenceId, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_config_references WHERE config_id = @configId AND reference_id = @referenceId",
            new { configId, referenceId }, cancellationToken);

    public bool IsUniqueViolation(Exception exception) => database.Dialect.IsUniqueViolation(exception);

    private static object Parameters(ConfigScope scope) =>
        new { Level = (int)scope.Level, scope.ServerName, scope.SetName, scope.SetArea, scope.SetGroup, scope.Host };
}
