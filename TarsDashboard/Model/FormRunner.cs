using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Model;

/// <summary>
/// Runs a form's Core calls with its buttons disabled and turns Core's refusals into what the form shows: messages by
/// the fields it has, and one alert for the rest (a change made meanwhile, access denied, an outage or a bug, as <see cref="ErrorPolicy"/> tells them apart).
/// </summary>
public sealed class FormRunner(IStringLocalizer localizer, IReadOnlyCollection<string> fields, Action? render = null)
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    /// <summary>A call is running; the form's inputs and buttons are disabled.</summary>
    public bool Busy { get; private set; }

    /// <summary>The text for the alert above the form, or null.</summary>
    public string? Alert { get; private set; }

    /// <summary>The last call lost to a change made meanwhile by someone else; a list offers to reload.</summary>
    public bool Conflict { get; private set; }

    public bool HasError(string field) => _errors.ContainsKey(field);

    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    /// <summary>Drops a field's message: it described the old value, the next call checks the new one.</summary>
    public void Forget(string field) => _errors.Remove(field);

    /// <summary>Shows <paramref name="text"/> in the alert (null hides it) and forgets a conflict.</summary>
    public void SetAlert(string? text)
    {
        Alert = text;
        Conflict = false;
    }

    /// <summary>
    /// Runs <paramref name="call"/>; true when Core accepted it. <paramref name="conflictText"/> null means the call
    /// expects no conflict (one counts as a failure); <paramref name="deniedText"/> replaces "Access.Denied";
    /// <paramref name="placeByField"/> false puts every refusal in the alert (a call about something other than the
    /// fields); <paramref name="keepFieldErrors"/> keeps the fields' messages until Core refuses them again.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> call, Action<Exception> logFailure, string? conflictText = null, string? deniedText = null,
        bool placeByField = true, bool keepFieldErrors = false)
    {
        Busy = true;
        SetAlert(null);
        if (!keepFieldErrors)
        {
            _errors.Clear();
        }

        render?.Invoke();
        try
        {
            await call();
            return true;
        }
        catch (ValidationFailedException refused)
        {
            // A refusal for the user to fix, shown by the field; not a failure to log.
            if (placeByField)
            {
                _errors.Clear();
            }

            Alert = FieldErrors.Place(refused, placeByField ? fields : [], _errors, localizer);
        }
        catch (ConcurrencyConflictException) when (conflictText is not null)
        {
            // Someone changed it meanwhile: the user reloads; not a failure to log.
            Alert = conflictText;
            Conflict = true;
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            Alert = deniedText ?? localizer["Access.Denied"];
        }
        catch (Exception exception)
        {
            // An outage, an unreachable node or a bug (an unexpected conflict among them): logged, and said for what it is.
            logFailure(exception);
            Alert = ErrorPolicy.Classify(exception).Describe(localizer);
        }
        finally
        {
            Busy = false;
        }

        return false;
    }
}
