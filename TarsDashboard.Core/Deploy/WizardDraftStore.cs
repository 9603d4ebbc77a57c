using System.Text.Json;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Deploy;

/// <summary>
/// Keeps a wizard left half-way (<c>tdash_wizard_draft</c>), one per user and wizard kind, so it can be resumed from
/// any browser. Models saved here must not carry secrets: mark passwords <c>[JsonIgnore]</c> and ask for them again.
/// </summary>
public sealed class WizardDraftStore(TarsDatabase database, TimeProvider clock)
{
    public const int MaxDataChars = 1_000_000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async Task SaveAsync<T>(Caller caller, string kind, int step, T data, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(data, JsonOptions);
        if (json.Length > MaxDataChars)
        {
            throw new ArgumentException("The wizard draft is too large to keep.", nameof(data));
        }

        var row = new { user = caller.UserName, kind, step, json, now = clock.GetUtcNow().UtcDateTime };
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

    public async Task<WizardDraft?> LoadAsync(Caller caller, string kind, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<DraftRow>(
            "SELECT kind AS Kind, step AS Step, data_json AS DataJson, updated_at AS UpdatedAt FROM tdash_wizard_draft WHERE user_name = @user AND kind = @kind",
            new { user = caller.UserName, kind }, cancellationToken);
        return rows.Count == 0 ? null : new WizardDraft(rows[0].Kind, rows[0].Step, rows[0].DataJson ?? "{}", rows[0].UpdatedAt);
    }

    /// <summary>The draft's data, or null when there is none or it no longer fits the model (then the wizard starts fresh).</summary>
    public async Task<SavedDraft<T>?> LoadAsync<T>(Caller caller, string kind, CancellationToken cancellationToken = default)
    {
        var draft = await LoadAsync(caller, kind, cancellationToken);
        if (draft is null)
        {
            return null;
        }

        try
        {
            var data = JsonSerializer.Deserialize<T>(draft.DataJson, JsonOptions);
            return data is null ? null : new SavedDraft<T>(draft.Step, data, draft.UpdatedAt);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>When each of the caller's wizards was left, by wizard kind (one query for the Deploy page).</summary>
    public async Task<IReadOnlyDictionary<string, DateTime>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<DraftRow>(
            "SELECT kind AS Kind, step AS Step, updated_at AS UpdatedAt FROM tdash_wizard_draft WHERE user_name = @user",
            new { user = caller.UserName }, cancellationToken);
        return rows.ToDictionary(r => r.Kind, r => r.UpdatedAt, StringComparer.Ordinal);
    }

    public Task DeleteAsync(Caller caller, string kind, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_wizard_draft WHERE user_name = @user AND kind = @kind",
            new { user = caller.UserName, kind }, cancellationToken);

    private sealed class DraftRow
    {
        public string Kind { get; set; } = "";
        public int Step { get; set; }
        public string? DataJson { get; set; }
        public DateTime UpdatedAt { get; set; }
    }
}
