using System.Text;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Audit;

/// <summary>Writes and pages through <c>tdash_audit</c>.</summary>
internal sealed class AuditRepository(TarsDatabase database)
{
    public Task<int> InsertAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "INSERT INTO tdash_audit (at, user_name, action, target, before_json, after_json, result, detail) " +
            "VALUES (@At, @UserName, @Action, @Target, @BeforeJson, @AfterJson, @Result, @Detail)", entry, cancellationToken);

    public async Task<(IReadOnlyList<AuditEntry> Rows, long Total)> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder(" WHERE 1 = 1");
        if (!string.IsNullOrWhiteSpace(query.UserName)) where.Append(" AND user_name = @UserName");
        if (!string.IsNullOrWhiteSpace(query.Action)) where.Append(" AND action LIKE @ActionPattern ESCAPE '!'");
        if (!string.IsNullOrWhiteSpace(query.Target)) where.Append(" AND target LIKE @TargetPattern ESCAPE '!'");
        if (!string.IsNullOrWhiteSpace(query.Result)) where.Append(" AND result = @Result");
        if (query.From is not null) where.Append(" AND at >= @From");
        if (query.To is not null) where.Append(" AND at < @To");
        var parameters = new
        {
            query.UserName,
            ActionPattern = Like(query.Action),
            TargetPattern = Like(query.Target),
            query.Result,
            query.From,
            query.To,
            Limit = Math.Clamp(query.PageSize, 1, 500),
            Offset = Math.Max(0, query.Page) * Math.Clamp(query.PageSize, 1, 500),
        };
        var total = await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tdash_audit" + where, parameters, cancellationToken);
        var rows = await database.QueryAsync<AuditEntry>(
            "SELECT id, at, user_name, action, target, before_json, after_json, result, detail FROM tdash_audit" + where +
            " ORDER BY id DESC LIMIT @Limit OFFSET @Offset", parameters, cancellationToken);
        return (rows, total);
    }

    /// <summary>A contains-pattern with LIKE's wildcards in the user's text escaped ('!' works as escape in both dialects).</summary>
    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";
}
