using System.Text;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Alerts;

/// <summary>Writes and pages through <c>tdash_alert_history</c>.</summary>
internal sealed class AlertHistoryRepository(TarsDatabase database)
{
    // Matches no application or service (Tars names start with a letter) and, unlike '', no node alert either.
    private const string NoName = "-";

    public Task<int> InsertAsync(AlertHistoryEntry entry, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "INSERT INTO tdash_alert_history (at, rule_id, rule_name, kind, state, target, target_key, node_name, application, service, message, delivery, delivery_detail, attempts) " +
            "VALUES (@At, @RuleId, @RuleName, @Kind, @State, @Target, @TargetKey, @NodeName, @Application, @Service, @Message, @Delivery, @DeliveryDetail, @Attempts)",
            entry, cancellationToken);

    /// <summary>The latest firing or recovery of each rule and target: those that say fired still fire.</summary>
    public Task<IReadOnlyList<AlertHistoryEntry>> ListLatestPerTargetAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<AlertHistoryEntry>(
            "SELECT id, at, rule_id, rule_name, kind, state, target, target_key, node_name, application, service, message, delivery, delivery_detail, attempts " +
            "FROM tdash_alert_history WHERE id IN (SELECT MAX(id) FROM tdash_alert_history WHERE state <> 'test' AND target_key <> '' GROUP BY rule_id, target_key)",
            null, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTime before, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_alert_history WHERE at < @before", new { before }, cancellationToken);

    public async Task<(IReadOnlyList<AlertHistoryEntry> Rows, long Total)> QueryAsync(AlertHistoryQuery query, AlertVisibility visibility,
        CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder(" WHERE 1 = 1");
        if (visibility.AllServices) where.Append(" AND application <> ''");
        else if (!visibility.Everything) where.Append(" AND (application IN @Applications OR service IN @Services)");
        if (query.RuleId is not null) where.Append(" AND rule_id = @RuleId");
        if (!string.IsNullOrWhiteSpace(query.State)) where.Append(" AND state = @State");
        if (!string.IsNullOrWhiteSpace(query.Text)) where.Append(" AND (rule_name LIKE @Pattern ESCAPE '!' OR target LIKE @Pattern ESCAPE '!' OR message LIKE @Pattern ESCAPE '!')");
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var parameters = new
        {
            Applications = visibility.Applications.Count > 0 ? visibility.Applications : [NoName],
            Services = visibility.Services.Count > 0 ? visibility.Services : [NoName],
            query.RuleId,
            query.State,
            Pattern = Like(query.Text),
            Limit = pageSize,
            Offset = Math.Max(0, query.Page) * pageSize,
        };
        var total = await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tdash_alert_history" + where, parameters, cancellationToken);
        var rows = await database.QueryAsync<AlertHistoryEntry>(
            "SELECT id, at, rule_id, rule_name, kind, state, target, target_key, node_name, application, service, message, delivery, delivery_detail, attempts " +
            "FROM tdash_alert_history" + where + " ORDER BY id DESC LIMIT @Limit OFFSET @Offset", parameters, cancellationToken);
        return (rows, total);
    }

    // A contains-pattern with LIKE's wildcards escaped ('!' works as escape in both dialects).
    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";
}
