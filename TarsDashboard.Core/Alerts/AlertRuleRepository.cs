using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Alerts;

/// <summary>Reads and writes <c>tdash_alert_rule</c>.</summary>
internal sealed class AlertRuleRepository(TarsDatabase database)
{
    private const string Columns = "id, name, kind, scope, threshold, window_minutes, channel_kind, webhook_url, enabled, updated_by, updated_at, pattern, pattern_regex";

    public Task<IReadOnlyList<AlertRuleRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<AlertRuleRow>($"SELECT {Columns} FROM tdash_alert_rule ORDER BY name, id", null, cancellationToken);

    public Task<AlertRuleRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<AlertRuleRow>($"SELECT {Columns} FROM tdash_alert_rule WHERE id = @id", new { id }, cancellationToken);

    public Task<int> InsertAsync(AlertRuleRow row, CancellationToken cancellationToken = default) =>
        database.InsertAsync(
            "INSERT INTO tdash_alert_rule (name, kind, scope, threshold, window_minutes, channel_kind, webhook_url, enabled, updated_by, updated_at, pattern, pattern_regex) " +
            "VALUES (@Name, @Kind, @Scope, @Threshold, @WindowMinutes, @ChannelKind, @WebhookUrl, @Enabled, @UpdatedBy, @UpdatedAt, @Pattern, @PatternRegex)", row, cancellationToken);

    public async Task<bool> UpdateAsync(AlertRuleRow row, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE tdash_alert_rule SET name = @Name, kind = @Kind, scope = @Scope, threshold = @Threshold, window_minutes = @WindowMinutes, " +
            "channel_kind = @ChannelKind, webhook_url = @WebhookUrl, enabled = @Enabled, updated_by = @UpdatedBy, updated_at = @UpdatedAt, " +
            "pattern = @Pattern, pattern_regex = @PatternRegex WHERE id = @Id",
            row, cancellationToken) > 0;

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM tdash_alert_rule WHERE id = @id", new { id }, cancellationToken) > 0;
}
