using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Model;

/// <summary>
/// The state every wizard shares, whatever it deploys: the step reached, Next only after the step's check passed, the
/// messages by the fields they are about, and the hand-over to a progress view at the end. The data and its draft are in
/// <see cref="WizardModel{TData}"/>; this part is what the step views read.
/// </summary>
public abstract class WizardModel
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly Func<IReadOnlyList<WizardStepDefinition>> _steps;
    private readonly FormRunner _form;
    private readonly Action? _render;
    private string? _alert;

    protected WizardModel(Func<IReadOnlyList<WizardStepDefinition>> steps, IStringLocalizer localizer, Action? render)
    {
        _steps = steps;
        Localizer = localizer;
        _render = render;
        _form = new FormRunner(localizer, [], render);
    }

    /// <summary>The steps in order, the review last; read each time, as a wizard may change them (the framework's modes).</summary>
    public IReadOnlyList<WizardStepDefinition> Steps => _steps();

    /// <summary>The index of the step shown.</summary>
    public int Step { get; protected set; }

    public bool AtReview => Step == Steps.Count - 1;

    /// <summary>A check or the finish is running; the buttons are disabled.</summary>
    public bool Busy => _form.Busy;

    /// <summary>The text above the steps: what no field shows, or why nothing could be checked.</summary>
    public string? Alert => _alert ?? _form.Alert;

    /// <summary>The wizard's work was handed to the progress view, which replaces the steps.</summary>
    public bool HandedOver { get; private set; }

    protected IStringLocalizer Localizer { get; }

    public bool HasError(string field) => _errors.ContainsKey(field);

    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    /// <summary>Applies an edit of <paramref name="field"/>; its message described the old value, so it goes.</summary>
    public void Set(string field, Action apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        apply();
        Forget(field);
    }

    public void Forget(string field) => _errors.Remove(field);

    /// <summary>Drops the messages of every field starting with <paramref name="prefix"/>: rows keyed by index moved.</summary>
    public void ForgetUnder(string prefix)
    {
        foreach (var key in _errors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _errors.Remove(key);
        }
    }

    public void SetAlert(string? text)
    {
        _alert = text;
        _form.SetAlert(null);
    }

    public int IndexOf(string stepName) => Steps.ToList().FindIndex(s => s.Name == stepName);

    /// <summary>Done: passed and left behind.</summary>
    public bool IsDone(string stepName) => IndexOf(stepName) is var index && index >= 0 && index < Step && !HasFailed(stepName);

    /// <summary>Refused, or holding a field message.</summary>
    public bool HasFailed(string stepName) =>
        _failed.Contains(stepName) || Steps.FirstOrDefault(s => s.Name == stepName) is { } step && _errors.Keys.Any(step.Owns);

    /// <summary>Header clicks may lead back to a step passed, never forward past the checks.</summary>
    public bool MayGoTo(int index) => index >= 0 && index <= Step;

    /// <summary>Checks the step; when it passes, opens the next one, or at the review finishes and hands over.</summary>
    public async Task<bool> NextAsync()
    {
        if (Busy || HandedOver || Step >= Steps.Count)
        {
            return false;
        }

        var step = Steps[Step];
        var atReview = AtReview;
        // The step's messages described the values checked last time; the check says what holds now.
        foreach (var field in _errors.Keys.Where(step.Owns).ToList())
        {
            _errors.Remove(field);
        }

        if (!await RunAsync(async () =>
            {
                if (step.Check is not null && await step.Check() is { Count: > 0 } errors)
                {
                    throw new ValidationFailedException(errors);
                }
            }))
        {
            _failed.Add(step.Name);
            HandedOver = false;
            Changed();
            return false;
        }

        _failed.Remove(step.Name);
        if (atReview || HandedOver)
        {
            HandedOver = true;
            await FinishedAsync();
        }
        else
        {
            Step++;
            await StepChangedAsync();
        }

        Changed();
        return true;
    }

    public async Task BackAsync()
    {
        if (Step > 0 && !Busy)
        {
            await GoToAsync(Step - 1);
        }
    }

    public async Task GoToAsync(int index)
    {
        // A stepper being taken down (the hand-over) reports its first step as active: that is no choice of the user's.
        if (MayGoTo(index) && index != Step && !HandedOver && !Busy)
        {
            Step = index;
            SetAlert(null);
            await StepChangedAsync();
            Changed();
        }
    }

    /// <summary>The steps are others now (the framework's mode changed): back to the first, the messages gone.</summary>
    public async Task StepsChangedAsync()
    {
        Reset();
        await StepChangedAsync();
        Changed();
    }

    /// <summary>Shows the progress view now, while the finish runs; a refusal brings the steps back.</summary>
    public void HandOver() => HandedOver = true;

    /// <summary>
    /// Runs Core work outside Next (the framework's deploy button): refusals go by their fields, on the earliest step
    /// that owns one, and everything no field there shows goes into the alert; any other failure into the alert.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> work)
    {
        ValidationFailedException? refused = null;
        _alert = null;
        var ran = await _form.RunAsync(async () =>
        {
            try
            {
                await work();
            }
            catch (ValidationFailedException exception)
            {
                refused = exception;
            }
        }, LogFailure);
        if (refused is not null)
        {
            Show(refused.Errors);
        }

        Changed();
        return ran && refused is null;
    }

    /// <summary>Places Core's refusals: by the fields they name, on the earliest step owning one; the rest in the alert.</summary>
    public void Show(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var steps = Steps;
        var owned = errors.Select(e => (Error: e, Owner: steps.ToList().FindIndex(s => s.Owns(e.Field)))).ToList();
        foreach (var owner in owned.Where(o => o.Owner >= 0).Select(o => o.Owner).Distinct())
        {
            foreach (var field in _errors.Keys.Where(steps[owner].Owns).ToList())
            {
                _errors.Remove(field);
            }

            _failed.Add(steps[owner].Name);
        }

        foreach (var group in owned.Where(o => o.Owner >= 0).GroupBy(o => o.Error.Field))
        {
            _errors[group.Key] = string.Join(" ", group.Select(o => Localizer.Localize(o.Error)).Distinct());
        }

        if (owned.Where(o => o.Owner >= 0).Select(o => o.Owner).DefaultIfEmpty(Step).Min() is var earliest && earliest < Step)
        {
            Step = earliest;
        }

        var elsewhere = owned.Where(o => o.Owner != Step).Select(o => Localizer.Localize(o.Error)).Distinct().ToList();
        _alert = elsewhere.Count > 0 ? string.Join(" ", elsewhere) : Localizer["Wizard.FixErrors"];
    }

    /// <summary>Forgets the steps' state: back to the first step, no messages, nothing handed over.</summary>
    protected void Reset()
    {
        Step = 0;
        HandedOver = false;
        SetAlert(null);
        _errors.Clear();
        _failed.Clear();
    }

    /// <summary>Re-renders the page that owns the wizard: the frame's buttons change what the page shows too.</summary>
    protected void Changed() => _render?.Invoke();

    protected abstract Task StepChangedAsync();

    protected abstract Task FinishedAsync();

    protected abstract void LogFailure(Exception exception);
}
