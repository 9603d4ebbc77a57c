namespace TarsDashboard.Core.Data;

/// <summary>Named dashboard-wide values in <c>tdash_setting</c>.</summary>
internal sealed class SettingRepository(TarsDatabase database, TimeProvider clock)
{
    /// <summary>Set once the first-run wizard is finished or dismissed.</summary>
    public const string SetupCompleted = "setup.completed";

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<string>("SELECT value FROM tdash_setting WHERE name = @name", new { name }, cancellationToken);

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var row = new { name, value, now = clock.GetUtcNow().UtcDateTime };
        const string update = "UPDATE tdash_setting SET value = @value, updated_at = @now WHERE name = @name";
        if (await database.ExecuteAsync(update, row, cancellationToken) > 0)
        {
            return;
        }

        try
        {
            await database.ExecuteAsync("INSERT INTO tdash_setting (name, value, updated_at) VALUES (@name, @value, @now)", row, cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            await database.ExecuteAsync(update, row, cancellationToken);
        }
    }
}
