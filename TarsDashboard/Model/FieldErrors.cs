using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Model;

/// <summary>Sorts Core's refusals for a form: errors about a field the form shows go next to it, the rest into one alert.</summary>
public static class FieldErrors
{
    /// <summary>Fills <paramref name="byField"/> (first error per field) and returns the text for the alert, or null.</summary>
    public static string? Place(ValidationFailedException refused, IReadOnlyCollection<string> fields, IDictionary<string, string> byField,
        IStringLocalizer localizer)
    {
        var general = new List<string>();
        foreach (var error in refused.Errors)
        {
            var text = localizer.Localize(error);
            if (fields.Contains(error.Field))
            {
                byField.TryAdd(error.Field, text);
            }
            else
            {
                general.Add(text);
            }
        }

        return general.Count > 0 ? string.Join(" ", general) : null;
    }
}
