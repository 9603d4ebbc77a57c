using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Model;

/// <summary>
/// A wizard over <typeparamref name="TData"/>: the steps' state of <see cref="WizardModel"/> plus the data and its per-user
/// draft, saved at every step change and deleted when the wizard hands over, so a wizard left half-way resumes anywhere.
/// </summary>
public sealed class WizardModel<TData>(
    string draftKind,
    Func<TData> fresh,
    Func<IReadOnlyList<WizardStepDefinition>> steps,
    WizardDraftStore drafts,
    Func<Task<Caller>> caller,
    IStringLocalizer localizer,
    ILogger logger,
    Action? render = null) : WizardModel(steps, localizer, render)
    where TData : class
{
    public TData Data { get; set; } = fresh();

    /// <summary>A draft found on load and not yet taken up (wizards that ask first); null otherwise.</summary>
    public SavedDraft<TData>? Offer { get; private set; }

    /// <summary>When the draft the wizard resumed was saved; null for a fresh wizard.</summary>
    public DateTime? ResumedAt { get; private set; }

    /// <summary>
    /// Reads the caller's draft. <paramref name="offer"/> keeps it in <see cref="Offer"/> for the user to choose; otherwise
    /// the wizard resumes it at once. <paramref name="resumeAt"/> says at which step (null: not this draft); by default
    /// the saved one.
    /// </summary>
    public async Task LoadDraftAsync(bool offer = false, Func<SavedDraft<TData>, int?>? resumeAt = null)
    {
        if (await drafts.LoadAsync<TData>(await caller(), draftKind) is not { } saved)
        {
            return;
        }

        var step = resumeAt is null ? saved.Step : resumeAt(saved);
        if (step is null)
        {
            return;
        }

        var found = saved with { Step = Math.Clamp(step.Value, 0, Math.Max(0, Steps.Count - 1)) };
        if (offer)
        {
            Offer = found;
        }
        else
        {
            Apply(found);
        }
    }

    public void Resume()
    {
        if (Offer is { } offer)
        {
            Apply(offer);
            Offer = null;
            Changed();
        }
    }

    /// <summary>A fresh wizard at its first step; the draft is deleted.</summary>
    public async Task StartOverAsync()
    {
        Reset();
        Offer = null;
        ResumedAt = null;
        Data = fresh();
        await DeleteDraftAsync();
        Changed();
    }

    // Losing the draft only costs a resume elsewhere; the wizard goes on.
    public async Task SaveDraftAsync()
    {
        try
        {
            await drafts.SaveAsync(await caller(), draftKind, Step, Data);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The {Wizard} wizard's draft could not be saved", draftKind);
        }
    }

    protected override Task StepChangedAsync() => SaveDraftAsync();

    protected override Task FinishedAsync() => DeleteDraftAsync();

    protected override void LogFailure(Exception exception) =>
        logger.LogWarning(exception, "A step of the {Wizard} wizard could not be checked", draftKind);

    private void Apply(SavedDraft<TData> saved)
    {
        Data = saved.Data;
        Step = saved.Step;
        ResumedAt = saved.UpdatedAt;
    }

    public async Task DeleteDraftAsync()
    {
        try
        {
            await drafts.DeleteAsync(await caller(), draftKind);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The {Wizard} wizard's draft could not be deleted", draftKind);
        }
    }
}
