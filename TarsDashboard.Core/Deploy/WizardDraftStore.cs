using System.Text.Json;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Deploy;

/// <summary>
/// Keeps a wizard left half-way (<c>tdash_wizard_draft</c>), one per user and wizard kind, so it can be resumed from
/// any browser. Models saved here must not carry secrets: mark passwords <c>[JsonIgnore]</c> and ask for them again.
/// </summary>
public sealed class WizardDraftStore
{
    public const int MaxDataChars = 1_000_000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly WizardDraftRepository drafts;

    internal WizardDraftStore(WizardDraftRepository drafts) => this.drafts = drafts;

    public async Task SaveAsync<T>(Caller caller, string kind, int step, T data, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(data, JsonOptions);
        if (json.Length > MaxDataChars)
        {
            throw new ArgumentException("The wizard draft is too large to keep.", nameof(data));
        }

        await drafts.SaveAsync(caller.UserName, kind, step, json, cancellationToken);
    }

    public Task<WizardDraft?> LoadAsync(Caller caller, string kind, CancellationToken cancellationToken = default) =>
        drafts.GetAsync(caller.UserName, kind, cancellationToken);

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
    public Task<IReadOnlyDictionary<string, DateTime>> ListAsync(Caller caller, CancellationToken cancellationToken = default) =>
        drafts.ListSavedAtAsync(caller.UserName, cancellationToken);

    public Task DeleteAsync(Caller caller, string kind, CancellationToken cancellationToken = default) =>
        drafts.DeleteAsync(caller.UserName, kind, cancellationToken);
}
