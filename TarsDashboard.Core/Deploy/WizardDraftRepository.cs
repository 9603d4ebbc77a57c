using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Deploy;

/// <summary>Reads and writes <c>tdash_wizard_draft</c>: one row per user and wizard kind.</summary>
internal sealed class WizardDraftRepository(TarsDatabase database, TimeProvider clock)
{
    /// <summary>Saves the draft, replacing the user's earlier one of that kind.</summary>
    public async Task SaveAsync(string userName, string kind, int step, string json, CancellationToken cancellationToken = default)
    {
        var row = new { user = userName, kind, step, json, now = clock.GetUtcNow().UtcDateTime };
        const string update = "UPDATE tdash_wizard_draft SET step = @step, data_json = @json, updated_at = @now WHERE user_name = @user AND kind = @kind";
        if (await database.ExecuteAsync(update, row, cancellationToken) > 0)
        {
            return;
        }

        try
        {
            await database.ExecuteAsync(
                "INSERT INTO tdash_wizard_draft (user_name, kind, step, data_json, updated_at) VALUES (@user, @kind, @step, @json, @now)",
                row, cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            // Another tab of the same user saved first; the later save wins as with any edit of a draft.
            await database.ExecuteAsync(update, row, cancellationToken);
        }
    }

    public async Task<WizardDraft?> GetAsync(string userName, string kind, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<DraftRow>(
            "SELECT kind AS Kind, step AS Step, data_json AS DataJson, updated_at AS UpdatedAt FROM tdash_wizard_draft WHERE user_name = @user AND kind = @kind",
            new { user = userName, kind }, cancellationToken);
        return rows.Count == 0 ? null : new WizardDraft(rows[0].Kind, rows[0].Step, rows[0].DataJson ?? "{}", rows[0].UpdatedAt);
    }

    /// <summary>When each of the user's drafts was saved, by wizard kind, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, DateTime>> ListSavedAtAsync(string userName, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<DraftRow>(
            "SELECT kind AS Kind, step AS Step, updated_at AS UpdatedAt FROM tdash_wizard_draft WHERE user_name = @user",
            new { user = userName }, cancellationToken);
        return rows.ToDictionary(r => r.Kind, r => r.UpdatedAt, StringComparer.Ordinal);
    }

    public Task<int> DeleteAsync(string userName, string kind, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_wizard_draft WHERE user_name = @user AND kind = @kind",
            new { user = userName, kind }, cancellationToken);

    private sealed class DraftRow
    {
        public string Kind { get; set; } = "";
        public int Step { get; set; }
        public string? DataJson { get; set; }
        public DateTime UpdatedAt { get; set; }
    }
}
